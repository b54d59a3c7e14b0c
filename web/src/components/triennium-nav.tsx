/** The sections of one triennium, with the names a reader looks for. */
import { NavLink } from 'react-router';

const SECTIONS = [
  { path: '', label: 'Panoramica' },
  { path: '/ammessi', label: 'Enti ammessi' },
  { path: '/tavoli', label: 'Tavoli' },
  { path: '/esiti', label: 'Esiti' },
  { path: '/piano', label: 'Piano' },
  { path: '/documenti', label: 'Documenti' },
  { path: '/cronologia', label: 'Cronologia' },
  { path: '/storico', label: 'Storico' },
  { path: '/integrita', label: 'Integrità' },
  { path: '/verifica', label: 'Verifica' },
];

export function TrienniumNav({ tid }: { tid: string }) {
  const base = `/triennio/${encodeURIComponent(tid)}`;
  return (
    <nav className="triennium-nav mb-4" aria-label="Sezioni del triennio">
      <ul className="nav nav-tabs flex-wrap">
        {SECTIONS.map((s) => (
          <li key={s.path} className="nav-item">
            <NavLink to={base + s.path} end className="nav-link">
              {s.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** "Piano di Zona 2025-2027 · varese" from a triennium id such as varese-2025-2027. */
export function trienniumName(tid: string): string {
  const m = /^(.*)-(\d{4})-(\d{4})$/.exec(tid);
  return m ? `Piano di Zona ${m[2]}-${m[3]}` : tid;
}

export function ambitoOf(tid: string): string {
  const m = /^(.*)-\d{4}-\d{4}$/.exec(tid);
  return m ? m[1]! : tid;
}
