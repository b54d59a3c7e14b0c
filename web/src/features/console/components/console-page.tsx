/**
 * The frame of every console page: only for a signed-in admin (the API refuses the others anyway;
 * here they are told how to sign in), with the console's breadcrumb and, inside a triennium, the
 * sections of its process in order.
 */
import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { Spinner } from '@/components/loaded';
import { Page, type Crumb } from '@/components/page';
import { useSession } from '@/lib/session';

const SECTIONS = [
  { path: '', label: 'Panoramica' },
  { path: '/avvisi', label: 'Avvisi e iscrizioni' },
  { path: '/tavoli', label: 'Tavoli' },
  { path: '/enti', label: 'Enti e contatti' },
  { path: '/piano', label: 'Approvazione del piano' },
];

export const consoleTriennium = (tid: string) => `/console/triennio/${encodeURIComponent(tid)}`;

export function ConsolePage({
  title,
  crumbs = [],
  tid,
  lead,
  children,
}: {
  title: string;
  crumbs?: Crumb[];
  tid?: string;
  lead?: ReactNode;
  children: ReactNode;
}) {
  const { account } = useSession();
  if (account === undefined)
    return (
      <div className="container my-4">
        <Spinner />
      </div>
    );
  if (!account || account.role !== 'admin')
    return (
      <Page title="Console dell’Ufficio di Piano">
        <div className="alert alert-warning" role="alert">
          La console è riservata all’Ufficio di Piano. <Link to="/accedi">Accedi</Link> con il
          collegamento personale che hai ricevuto.
        </div>
      </Page>
    );
  const all: Crumb[] = [{ label: 'Console', to: '/console' }, ...crumbs];
  return (
    <Page title={title} crumbs={all} lead={lead}>
      {tid && (
        <nav className="triennium-nav mb-4" aria-label="Fasi del triennio">
          <ul className="nav nav-tabs flex-wrap">
            {SECTIONS.map((s) => (
              <li key={s.path} className="nav-item">
                <NavLink to={consoleTriennium(tid) + s.path} end className="nav-link">
                  {s.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {children}
    </Page>
  );
}

/** A section of a console page with its own heading. */
export function Section({
  title,
  id,
  children,
}: {
  title: string;
  id?: string;
  children: ReactNode;
}) {
  return (
    <section className="mb-5" aria-labelledby={id ? `${id}-titolo` : undefined} id={id}>
      <h2 className="h4" id={id ? `${id}-titolo` : undefined}>
        {title}
      </h2>
      {children}
    </section>
  );
}
