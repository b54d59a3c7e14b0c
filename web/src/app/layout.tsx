/** The frame of every page: skip link, the kit's header with the main navigation, footer. */
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigation } from 'react-router';
import { SignedInBadge } from '@/features/auth/components/signed-in-badge';
import { useSession } from '@/lib/session';

const MAIN_NAV = [
  { to: '/', label: 'Ambiti', end: true },
  { to: '/verifica', label: 'Verifica', end: false },
  { to: '/accedi', label: 'Accedi', end: false },
];

/** The signed-in person's own sections, before "Accedi". */
function roleNav(role: string | undefined) {
  if (role === 'ente') return [{ to: '/ente', label: 'Area ente', end: false }];
  if (role === 'admin')
    return [
      { to: '/console', label: 'Console', end: true },
      { to: '/console/accessi', label: 'Accessi', end: false },
    ];
  return [];
}

export function Layout() {
  const { account } = useSession();
  // The signed-in sections join the navigation of who may use them.
  const nav = [...MAIN_NAV.slice(0, -1), ...roleNav(account?.role), ...MAIN_NAV.slice(-1)];
  const location = useLocation();
  const navigation = useNavigation();
  const first = useRef(true);
  // After a navigation, focus goes to the new page's heading, as on a full page load.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (location.hash) return;
    const t = setTimeout(() => document.querySelector<HTMLElement>('main h1')?.focus(), 50);
    return () => clearTimeout(t);
  }, [location.pathname, location.hash]);
  return (
    <>
      <div className="skiplink">
        <a href="#contenuto">Vai al contenuto principale</a>
      </div>
      <header className="it-header-wrapper">
        <div className="it-header-slim-wrapper">
          <div className="container">
            <div className="it-header-slim-wrapper-content">
              <span className="d-lg-block navbar-brand">
                Piani di Zona · ambiti territoriali sociali
              </span>
              <SignedInBadge />
            </div>
          </div>
        </div>
        <div className="it-nav-wrapper">
          <div className="it-header-center-wrapper">
            <div className="container">
              <div className="it-header-center-content-wrapper">
                <div className="it-brand-wrapper">
                  <Link to="/">
                    <div className="it-brand-text">
                      <div className="it-brand-title">Registro della partecipazione</div>
                      <div className="it-brand-tagline d-none d-md-block">
                        Chi ha detto cosa, quando, e cosa ne è stato nel Piano di Zona
                      </div>
                    </div>
                  </Link>
                </div>
              </div>
            </div>
          </div>
          <div className="it-header-navbar-wrapper">
            <div className="container">
              <nav className="navbar navbar-expand" aria-label="Navigazione principale">
                <ul className="navbar-nav flex-wrap">
                  {nav.map((n) => (
                    <li key={n.to} className="nav-item">
                      <NavLink to={n.to} end={n.end} className="nav-link">
                        <span>{n.label}</span>
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
          </div>
        </div>
      </header>
      <main id="contenuto" aria-busy={navigation.state === 'loading'}>
        <Outlet />
      </main>
      <footer className="it-footer mt-5">
        <div className="it-footer-main py-4">
          <div className="container">
            <p className="mb-1 text-white">
              Registro pubblico e verificabile della co-programmazione dei Piani di Zona (art. 55
              D.Lgs. 117/2017).
            </p>
            {/* Not a link: the OpenAPI UI is a page for programmers, outside this application. */}
            <p className="mb-0 text-white">
              Per i programmi: API documentata all'indirizzo{' '}
              <code className="text-white">/docs</code>.
            </p>
          </div>
        </div>
      </footer>
    </>
  );
}
