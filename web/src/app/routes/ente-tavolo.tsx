import { useRef } from 'react';
import { useParams } from 'react-router';
import { Page } from '@/components/page';
import { ErrorAlert, Show } from '@/components/loaded';
import { getTavolo, loadEnteArea } from '@/features/ente/api/ente';
import { EnteGate } from '@/features/ente/components/ente-gate';
import { TavoloDesk } from '@/features/ente/components/tavolo-desk';
import { useApi } from '@/lib/use-api';

function Desk({ tavoloId, cf }: { tavoloId: string; cf: string }) {
  // The area is loaded after the tavolo: it waits for this page's last write (read-your-writes).
  const state = useApi(`ente-tavolo:${tavoloId}:${cf}`, async (signal) => {
    const area = await loadEnteArea(cf, signal);
    return { tavolo: await getTavolo(tavoloId, signal), area };
  });
  // While it reloads after a write, the page keeps showing what it had (and the form its message).
  const last = useRef<typeof state.data>(undefined);
  if (state.status === 'ok') last.current = state.data;
  const data = state.status === 'ok' ? state.data : last.current;
  const desk = (d: NonNullable<typeof state.data>) => (
    <>
      <h2 className="h4">{d.tavolo.name}</h2>
      <TavoloDesk tavolo={d.tavolo} area={d.area} onChange={state.reload} />
    </>
  );
  if (!data) return <Show state={state}>{desk}</Show>;
  return (
    <>
      {state.status === 'error' && <ErrorAlert error={state.error} />}
      {desk(data)}
    </>
  );
}

export default function EnteTavolo() {
  const { tavoloId = '' } = useParams();
  return (
    <Page
      title="Tavolo dell’ente"
      crumbs={[
        { label: 'Ambiti', to: '/' },
        { label: 'Area dell’ente', to: '/ente' },
      ]}
    >
      <EnteGate>{(cf) => <Desk tavoloId={tavoloId} cf={cf} />}</EnteGate>
    </Page>
  );
}
