/** The Ufficio di Piano's console: one page per step of the process, each with a stable URL. */
import type { RouteObject } from 'react-router';

const lazy = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const consoleRoutes: RouteObject[] = [
  { path: 'console', lazy: lazy(() => import('./home')) },
  { path: 'console/ambito/:ambitoId', lazy: lazy(() => import('./ambito')) },
  { path: 'console/triennio/:tid', lazy: lazy(() => import('./triennium')) },
  { path: 'console/triennio/:tid/avvisi', lazy: lazy(() => import('./calls')) },
  { path: 'console/triennio/:tid/avvisi/:callId', lazy: lazy(() => import('./call')) },
  { path: 'console/triennio/:tid/tavoli', lazy: lazy(() => import('./tavoli')) },
  { path: 'console/triennio/:tid/tavoli/:tavoloId', lazy: lazy(() => import('./tavolo')) },
  { path: 'console/triennio/:tid/enti', lazy: lazy(() => import('./enti')) },
  { path: 'console/triennio/:tid/piano', lazy: lazy(() => import('./plan')) },
];
