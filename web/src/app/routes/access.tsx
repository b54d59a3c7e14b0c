import { Page } from '@/components/page';
import { AccessConsole } from '@/features/access/components/access-console';
import { AdminGate } from '@/features/access/components/admin-gate';

export default function Access() {
  return (
    <Page
      title="Accessi"
      crumbs={[{ label: 'Ambiti', to: '/' }]}
      lead="Chi può lavorare nel registro per l’ambito: i collegamenti di accesso per gli enti, i ruoli assegnati e le revoche."
    >
      <AdminGate>{(ambitoId) => <AccessConsole key={ambitoId} ambitoId={ambitoId} />}</AdminGate>
    </Page>
  );
}
