import { useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { getSintesi } from '@/features/sintesi/api/sintesi';
import { SintesiCard } from '@/features/sintesi/components/sintesi-card';
import { getTrienniumPage } from '@/features/triennia/api/triennia';
import { CallsSection } from '@/features/triennia/components/calls-section';
import { ContributionsSection } from '@/features/triennia/components/contributions-section';
import { EntiSection } from '@/features/triennia/components/enti-section';
import { OverviewSummary } from '@/features/triennia/components/overview-summary';
import { TavoliSummary } from '@/features/triennia/components/tavoli-summary';
import {
  getParticipantContributions,
  getParticipants,
} from '@/features/participants/api/participants';
import { ParticipantsSection } from '@/features/participants/components/participants-section';
import { useApi } from '@/lib/use-api';
import { TrienniumPage } from './triennium-page';

export default function Triennium() {
  const { tid = '' } = useParams();
  const page = useApi(`triennium:${tid}`, (s) => getTrienniumPage(tid, s));
  const people = useApi(`participants:${tid}`, async (s) => ({
    participants: await getParticipants(tid, s),
    contributions: (await getParticipantContributions(tid, s)).items,
  }));
  const sintesi = useApi(`sintesi:${tid}`, (s) => getSintesi(tid, s));
  return (
    <TrienniumPage tid={tid}>
      <Show state={page}>
        {(p) => (
          <>
            <OverviewSummary overview={p.overview} />
            <CallsSection calls={p.calls} />
            <TavoliSummary tid={tid} tavoli={p.tavoli} />
            <EntiSection enti={p.admittedEnti} />
            <ContributionsSection contributions={p.contributions} />
          </>
        )}
      </Show>
      <Show state={people}>{(p) => <ParticipantsSection {...p} />}</Show>
      <Show state={sintesi}>{(s) => <SintesiCard tid={tid} sintesi={s} />}</Show>
    </TrienniumPage>
  );
}
