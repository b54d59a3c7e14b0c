import { useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { trienniumName } from '@/components/triennium-nav';
import { listEnti } from '@/features/console/api/console';
import { ConsolePage, consoleTriennium } from '@/features/console/components/console-page';
import { EntiContacts } from '@/features/console/components/enti-contacts';
import { useConsoleData } from '@/features/console/lib/use-console-data';

export default function ConsoleEnti() {
  const { tid = '' } = useParams();
  const enti = useConsoleData(`console:enti:${tid}`, (p, s) => listEnti(tid, p, s));
  return (
    <ConsolePage
      title={`Enti e contatti · ${trienniumName(tid)}`}
      tid={tid}
      crumbs={[{ label: trienniumName(tid), to: consoleTriennium(tid) }]}
      lead="Le persone di riferimento indicate dagli enti nelle iscrizioni: visibili solo all’Ufficio di Piano, mai sulle pagine pubbliche."
    >
      <Show state={enti}>{(list) => <EntiContacts enti={list} />}</Show>
    </ConsolePage>
  );
}
