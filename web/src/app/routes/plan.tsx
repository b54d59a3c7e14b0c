import { useParams } from 'react-router';
import { ErrorAlert, Show } from '@/components/loaded';
import { getPlan } from '@/features/plan/api/plan';
import { PlanSummary } from '@/features/plan/components/plan-summary';
import { ApiError } from '@/lib/api-client';
import { useApi } from '@/lib/use-api';
import { TrienniumPage } from './triennium-page';

export default function PlanPage() {
  const { tid = '' } = useParams();
  const plan = useApi(`plan:${tid}`, (s) => getPlan(tid, s));
  const notYet =
    plan.status === 'error' && plan.error instanceof ApiError && plan.error.status === 404;
  return (
    <TrienniumPage tid={tid} section="Piano">
      {notYet ? (
        <div className="alert alert-info" role="status">
          Il piano di questo triennio non è ancora stato approvato: la co-programmazione è in corso.
        </div>
      ) : plan.status === 'error' ? (
        <ErrorAlert error={plan.error} />
      ) : (
        <Show state={plan}>{(p) => <PlanSummary tid={tid} plan={p} />}</Show>
      )}
    </TrienniumPage>
  );
}
