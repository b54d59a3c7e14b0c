import { useState } from 'react';
import { CONTRIBUTION_KINDS, CONTRIBUTION_PHASES, formatInstant, word } from '@/lib/format';
import type { Contribution } from '../api/triennia';

const FIRST = 10;

// The esiti's words (the esiti feature shows them in full at /triennio/:tid/esiti).
const ESITI: Record<string, string> = {
  accolto: 'accolto',
  accolto_in_parte: 'accolto in parte',
  non_accolto: 'non accolto',
  rinviato_fase_attuativa: 'rinviato alla fase attuativa',
};

export function ContributionsSection({ contributions }: { contributions: Contribution[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? contributions : contributions.slice(0, FIRST);
  return (
    <section aria-labelledby="contributi" className="mb-4">
      <h2 id="contributi" className="h3">
        Contributi ({contributions.length})
      </h2>
      <ul className="list-unstyled" id="elenco-contributi">
        {shown.map((c) => (
          <li key={c.id} className="border-bottom py-2">
            <strong>{c.title}</strong>
            <div className="small">
              {word(CONTRIBUTION_KINDS, c.kind)} di {c.enteName} al tavolo «{c.tavoloName}» ·{' '}
              {formatInstant(c.recordedAt)} · fase di {word(CONTRIBUTION_PHASES, c.phase)}
            </div>
            <div className="small">
              Esito: {c.esito ? `${word(ESITI, c.esito)}. ${c.esitoReasons ?? ''}` : 'in attesa'}
            </div>
          </li>
        ))}
      </ul>
      {contributions.length > FIRST && (
        <button
          type="button"
          className="btn btn-outline-primary btn-sm"
          aria-controls="elenco-contributi"
          aria-expanded={all}
          onClick={() => setAll((v) => !v)}
        >
          {all ? 'Mostra meno contributi' : `Mostra tutti i ${contributions.length} contributi`}
        </button>
      )}
    </section>
  );
}
