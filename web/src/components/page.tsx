/** Every page: its document title, its one h1, and where it sits (breadcrumb). */
import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';

export interface Crumb {
  label: string;
  to?: string;
}

const SITE = 'Registro della partecipazione';

export function Page({
  title,
  crumbs = [],
  lead,
  children,
}: {
  title: string;
  crumbs?: Crumb[];
  lead?: ReactNode;
  children?: ReactNode;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${SITE}`;
  }, [title]);
  return (
    <div className="container my-4">
      {crumbs.length > 0 && (
        <nav className="breadcrumb-container" aria-label="Percorso di navigazione">
          <ol className="breadcrumb p-0">
            {crumbs.map((c, i) => (
              <li key={i} className="breadcrumb-item">
                {c.to ? <Link to={c.to}>{c.label}</Link> : c.label}
                <span className="separator">/</span>
              </li>
            ))}
            <li className="breadcrumb-item active" aria-current="page">
              {title}
            </li>
          </ol>
        </nav>
      )}
      <h1 ref={h1} tabIndex={-1} className="mb-3">
        {title}
      </h1>
      {lead && <p className="lead">{lead}</p>}
      {children}
    </div>
  );
}
