import { Link, useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { ambitoOf, trienniumName } from '@/components/triennium-nav';
import { getOverview } from '@/features/console/api/console';
import { ConsolePage, consoleTriennium } from '@/features/console/components/console-page';
import { useConsoleData } from '@/features/console/lib/use-console-data';
import { PHASES, word } from '@/lib/format';

export default function ConsoleTriennium() {
  const { tid = '' } = useParams();
  const overview = useConsoleData(`console:overview:${tid}`, (p, s) => getOverview(tid, p, s));
  const base = consoleTriennium(tid);
  const ambito = ambitoOf(tid);
  return (
    <ConsolePage
      title={`${trienniumName(tid)} · console`}
      tid={tid}
      crumbs={[{ label: `Ambito ${ambito}`, to: `/console/ambito/${encodeURIComponent(ambito)}` }]}
    >
      <Show state={overview}>
        {(o) => (
          <>
            <p className="lead">{word(PHASES, o.phase)}</p>
            <ol className="mb-4">
              <li>
                <Link to={`${base}/avvisi`}>Avvisi e iscrizioni</Link>: {o.counts.calls} avvisi (
                {o.counts.openCalls} aperti), {o.counts.enti} enti iscritti.
              </li>
              <li>
                <Link to={`${base}/tavoli`}>Tavoli</Link>: {o.counts.tavoli} tavoli,{' '}
                {o.counts.memberships} partecipazioni, {o.counts.sessions} sedute,{' '}
                {o.counts.contributions} contributi.
              </li>
              <li>
                <Link to={`${base}/enti`}>Enti e contatti</Link>: le persone di riferimento degli
                enti iscritti.
              </li>
              <li>
                <Link to={`${base}/piano`}>Approvazione del piano</Link>:{' '}
                {o.plan
                  ? `approvato il ${o.plan.approvedOn} (${o.plan.actReference}).`
                  : 'da approvare.'}
              </li>
            </ol>
            <p>
              <Link to={`/triennio/${encodeURIComponent(tid)}`}>
                La pagina pubblica del triennio
              </Link>
            </p>
          </>
        )}
      </Show>
    </ConsolePage>
  );
}
