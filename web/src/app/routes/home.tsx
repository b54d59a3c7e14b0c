import { Page } from '@/components/page';
import { Show } from '@/components/loaded';
import { listAmbiti } from '@/features/ambiti/api/ambiti';
import { AmbitiList } from '@/features/ambiti/components/ambiti-list';
import { useApi } from '@/lib/use-api';

export default function Home() {
  const ambiti = useApi('ambiti', listAmbiti);
  return (
    <Page
      title="Ambiti territoriali"
      lead="Segui come ogni ambito scrive il suo Piano di Zona con il Terzo settore: avvisi, tavoli, contributi, e da quali contributi nasce ogni obiettivo del piano."
    >
      <Show state={ambiti}>{(list) => <AmbitiList ambiti={list} />}</Show>
    </Page>
  );
}
