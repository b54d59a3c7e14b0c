import { useParams } from 'react-router';
import { Page } from '@/components/page';
import { Show } from '@/components/loaded';
import { getAmbito } from '@/features/ambiti/api/ambiti';
import { AmbitoDetail } from '@/features/ambiti/components/ambito-detail';
import { useApi } from '@/lib/use-api';

export default function AmbitoPage() {
  const { ambitoId = '' } = useParams();
  const ambito = useApi(`ambito:${ambitoId}`, (s) => getAmbito(ambitoId, s));
  return (
    <Page
      title={ambito.data?.name ?? `Ambito ${ambitoId}`}
      crumbs={[{ label: 'Ambiti', to: '/' }]}
      lead={ambito.data && `${ambito.data.region} · comune capofila ${ambito.data.capofila}`}
    >
      <Show state={ambito}>{(a) => <AmbitoDetail ambito={a} />}</Show>
    </Page>
  );
}
