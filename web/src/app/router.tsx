/**
 * Every URL of the web application. Public pages are loaded per route (code splitting): a citizen
 * opening one page downloads that page's code only. Room is kept for the signed-in sections —
 * `/console/*` (the Ufficio di Piano) and `/ente/*` (an ente's own pages) — which mount their
 * own route trees here, next to the public ones, under the same layout and session.
 */
import { createBrowserRouter, type RouteObject } from 'react-router';
import { Layout } from './layout';
import { consoleRoutes } from './routes/console';

const lazy = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

const publicRoutes: RouteObject[] = [
  { index: true, lazy: lazy(() => import('./routes/home')) },
  { path: 'ambito/:ambitoId', lazy: lazy(() => import('./routes/ambito')) },
  { path: 'triennio/:tid', lazy: lazy(() => import('./routes/triennium')) },
  { path: 'triennio/:tid/tavoli', lazy: lazy(() => import('./routes/tavoli')) },
  { path: 'triennio/:tid/piano', lazy: lazy(() => import('./routes/plan')) },
  { path: 'triennio/:tid/piano/:code', lazy: lazy(() => import('./routes/objective')) },
  { path: 'triennio/:tid/ammessi', lazy: lazy(() => import('./routes/admitted')) },
  { path: 'triennio/:tid/esiti', lazy: lazy(() => import('./routes/esiti')) },
  { path: 'triennio/:tid/cronologia', lazy: lazy(() => import('./routes/timeline')) },
  { path: 'triennio/:tid/storico', lazy: lazy(() => import('./routes/history')) },
  { path: 'triennio/:tid/integrita', lazy: lazy(() => import('./routes/integrity')) },
  { path: 'triennio/:tid/verifica', lazy: lazy(() => import('./routes/verify')) },
  { path: 'triennio/:tid/documenti', lazy: lazy(() => import('./routes/documents')) },
  { path: 'ambito/:ambitoId/documenti/:sha256', lazy: lazy(() => import('./routes/document')) },
  { path: 'verifica', lazy: lazy(() => import('./routes/verify')) },
  { path: 'accedi', lazy: lazy(() => import('./routes/sign-in')) },
];

// Signed-in sections (console, ente) add their RouteObject lists here.
const enteRoutes: RouteObject[] = [
  { path: 'ente', lazy: lazy(() => import('./routes/ente-home')) },
  { path: 'ente/avvisi/:callId', lazy: lazy(() => import('./routes/ente-call')) },
  { path: 'ente/tavoli/:tavoloId', lazy: lazy(() => import('./routes/ente-tavolo')) },
];
const accessRoutes: RouteObject[] = [
  { path: 'console/accessi', lazy: lazy(() => import('./routes/access')) },
];
const signedInRoutes: RouteObject[] = [
  ...consoleRoutes,
  ...enteRoutes,
  ...accessRoutes,
  { path: 'sportello/:tid', lazy: lazy(() => import('./routes/front-desk')) },
];

export const routes: RouteObject[] = [
  {
    path: '/',
    Component: Layout,
    // Nothing is rendered on the server: the layout shows while a page's code loads.
    HydrateFallback: () => null,
    children: [
      ...publicRoutes,
      ...signedInRoutes,
      { path: '*', lazy: lazy(() => import('./routes/not-found')) },
    ],
  },
];

export const router = createBrowserRouter(routes);
