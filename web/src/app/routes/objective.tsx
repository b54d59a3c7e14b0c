import { useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { getPlan } from '@/features/plan/api/plan';
import { ProvenanceGraph } from '@/features/plan/components/provenance-graph';
import { ProvenanceList } from '@/features/plan/components/provenance-list';
import { POLICY_AREAS, word } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import { TrienniumPage } from './triennium-page';

export default function ObjectivePage() {
  const { tid = '', code = '' } = useParams();
  const plan = useApi(`plan:${tid}`, (s) => getPlan(tid, s));
  const objective = plan.data?.objectives.find((o) => o.code === code);
  return (
    <TrienniumPage
      tid={tid}
      section={`Obiettivo ${code}`}
      parent={{ label: 'Piano', to: `/triennio/${encodeURIComponent(tid)}/piano` }}
    >
      <Show state={plan}>
        {() =>
          objective ? (
            <>
              <h2 className="h3">{objective.title}</h2>
              <p className="small">Area: {word(POLICY_AREAS, objective.policyArea)}</p>
              <p>{objective.rationale}</p>
              <ProvenanceGraph objective={objective} />
              <ProvenanceList objective={objective} />
            </>
          ) : (
            <div className="alert alert-warning" role="alert">
              Il piano non ha un obiettivo con codice «{code}».
            </div>
          )
        }
      </Show>
    </TrienniumPage>
  );
}
