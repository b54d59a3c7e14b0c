import { useParams } from 'react-router';
import { Page } from '@/components/page';
import { Show } from '@/components/loaded';
import { getCall, loadEnteArea } from '@/features/ente/api/ente';
import { EnteGate } from '@/features/ente/components/ente-gate';
import { RegistrationForm } from '@/features/ente/components/registration-form';
import { useApi } from '@/lib/use-api';

function Registration({ callId, cf }: { callId: string; cf: string }) {
  const state = useApi(`ente-call:${callId}:${cf}`, async (signal) => {
    const [call, area] = await Promise.all([getCall(callId, signal), loadEnteArea(cf, signal)]);
    return { call, area };
  });
  return (
    <Show state={state}>
      {({ call, area }) => {
        const mine = call.registrations.find((r) => r.codiceFiscale === cf);
        return (
          <>
            <h2 className="h4">{call.title}</h2>
            {call.description && <p>{call.description}</p>}
            {mine ? (
              <p className="alert alert-info" role="status">
                L’ente è già iscritto a questo avviso.
              </p>
            ) : call.status !== 'open' ? (
              <p className="alert alert-warning" role="status">
                L’avviso è chiuso: non accetta più iscrizioni.
              </p>
            ) : (
              <RegistrationForm call={call} codiceFiscale={cf} known={area.known} />
            )}
          </>
        );
      }}
    </Show>
  );
}

export default function EnteCall() {
  const { callId = '' } = useParams();
  return (
    <Page
      title="Iscrizione a un avviso"
      crumbs={[
        { label: 'Ambiti', to: '/' },
        { label: 'Area dell’ente', to: '/ente' },
      ]}
    >
      <EnteGate>{(cf) => <Registration callId={callId} cf={cf} />}</EnteGate>
    </Page>
  );
}
