import { Link, useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { ambitoOf, trienniumName } from '@/components/triennium-nav';
import { getAmbito, getOverview, listContributions } from '@/features/console/api/console';
import { ConsolePage, consoleTriennium } from '@/features/console/components/console-page';
import { ApprovePlanForm } from '@/features/console/components/plan-form';
import { useConsoleData } from '@/features/console/lib/use-console-data';
import { formatDate } from '@/lib/format';

export default function ConsolePlan() {
  const { tid = '' } = useParams();
  const data = useConsoleData(`console:plan:${tid}`, async (p, s) => {
    const [overview, ambito, contributions] = await Promise.all([
      getOverview(tid, p, s),
      getAmbito(ambitoOf(tid), p, s),
      listContributions(tid, p, s),
    ]);
    return { overview, ambito, contributions };
  });
  const publicPlan = `/triennio/${encodeURIComponent(tid)}/piano`;
  return (
    <ConsolePage
      title={`Approvazione del piano · ${trienniumName(tid)}`}
      tid={tid}
      crumbs={[{ label: trienniumName(tid), to: consoleTriennium(tid) }]}
    >
      <Show state={data}>
        {({ overview, ambito, contributions }) =>
          overview.plan ? (
            <div className="alert alert-success" role="status" data-testid="piano-approvato">
              Piano approvato il {formatDate(overview.plan.approvedOn)} (
              {overview.plan.actReference}
              ), con {overview.plan.objectives.length} obiettivi; impronta del registro{' '}
              <code className="text-break">{overview.plan.ledgerDigest}</code>.{' '}
              <Link to={publicPlan}>Il piano sulla pagina pubblica</Link>
            </div>
          ) : (
            <>
              <p>
                L’approvazione sigilla il registro del triennio: dopo, il piano e la provenienza di
                ogni obiettivo non si possono più cambiare.
              </p>
              <ApprovePlanForm
                tid={tid}
                ambito={ambito}
                contributions={contributions.filter((c) => c.phase === 'programming')}
                onWritten={(_, p) => data.written(p)}
              />
            </>
          )
        }
      </Show>
    </ConsolePage>
  );
}
