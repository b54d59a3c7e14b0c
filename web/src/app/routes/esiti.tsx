import { useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { listContributionsWithEsito } from '@/features/esiti/api/esiti';
import { EsitiList } from '@/features/esiti/components/esiti-list';
import { useApi } from '@/lib/use-api';
import { TrienniumPage } from './triennium-page';

export default function EsitiPage() {
  const { tid = '' } = useParams();
  const list = useApi(`esiti:${tid}`, (s) => listContributionsWithEsito(tid, s));
  return (
    <TrienniumPage tid={tid} section="Esiti dei contributi">
      <Show state={list}>{(contributions) => <EsitiList contributions={contributions} />}</Show>
    </TrienniumPage>
  );
}
