import { Page } from '@/components/page';
import { Show } from '@/components/loaded';
import { loadEnteArea } from '@/features/ente/api/ente';
import { EnteGate } from '@/features/ente/components/ente-gate';
import { EnteOverview } from '@/features/ente/components/ente-overview';
import { useApi } from '@/lib/use-api';

function Area({ cf }: { cf: string }) {
  const area = useApi(`ente:${cf}`, (signal) => loadEnteArea(cf, signal));
  return <Show state={area}>{(a) => <EnteOverview area={a} />}</Show>;
}

export default function EnteHome() {
  return (
    <Page
      title="Area dell’ente"
      crumbs={[{ label: 'Ambiti', to: '/' }]}
      lead="Gli avvisi a cui l’ente può rispondere, le sue iscrizioni, i tavoli e i contributi."
    >
      <EnteGate>{(cf) => <Area cf={cf} />}</EnteGate>
    </Page>
  );
}
