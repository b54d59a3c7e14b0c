import { Link, useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { getIntegrity } from '@/features/integrity/api/integrity';
import { IntegrityReport } from '@/features/integrity/components/integrity-report';
import { useApi } from '@/lib/use-api';
import { TrienniumPage } from './triennium-page';

export default function IntegrityPage() {
  const { tid = '' } = useParams();
  const integrity = useApi(`integrity:${tid}`, (s) => getIntegrity(tid, s));
  return (
    <TrienniumPage tid={tid} section="Integrità">
      <p>
        Il registro ricalcola ora la catena di impronte di ogni evento del triennio e il sigillo
        messo all'approvazione del piano.
      </p>
      <Show state={integrity}>{(i) => <IntegrityReport integrity={i} />}</Show>
      <p>
        Non vuoi fidarti del server?{' '}
        <Link to={`/triennio/${encodeURIComponent(tid)}/verifica`}>
          Verifica l'export nel tuo browser
        </Link>
        .
      </p>
    </TrienniumPage>
  );
}
