import { useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { getAdmittedEnti } from '@/features/istruttoria/api/istruttoria';
import { AdmittedByArea } from '@/features/istruttoria/components/admitted-by-area';
import { useApi } from '@/lib/use-api';
import { TrienniumPage } from './triennium-page';

export default function AdmittedPage() {
  const { tid = '' } = useParams();
  const admitted = useApi(`admitted:${tid}`, (s) => getAdmittedEnti(tid, s));
  return (
    <TrienniumPage tid={tid} section="Enti ammessi per area">
      <Show state={admitted}>{(a) => <AdmittedByArea admitted={a} />}</Show>
    </TrienniumPage>
  );
}
