import { useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { trienniumName } from '@/components/triennium-nav';
import { admittedEnti, getTavolo, listContributions } from '@/features/console/api/console';
import { ConsolePage, consoleTriennium, Section } from '@/features/console/components/console-page';
import {
  JoinTavoloForm,
  RecordContributionForm,
  RecordSessionForm,
} from '@/features/console/components/tavolo-forms';
import { useConsoleData } from '@/features/console/lib/use-console-data';
import { CONTRIBUTION_KINDS, formatDate, formatInstant, POLICY_AREAS, word } from '@/lib/format';

export default function ConsoleTavolo() {
  const { tid = '', tavoloId = '' } = useParams();
  const data = useConsoleData(`console:tavolo:${tavoloId}`, async (p, s) => {
    const [tavolo, admitted, contributions] = await Promise.all([
      getTavolo(tavoloId, p, s),
      admittedEnti(tid, p, s),
      listContributions(tid, p, s, tavoloId),
    ]);
    return { tavolo, admitted, contributions };
  });
  const base = consoleTriennium(tid);
  const written = (_: string, p: string) => data.written(p);
  return (
    <ConsolePage
      title={data.data ? `Tavolo: ${data.data.tavolo.name}` : 'Tavolo'}
      tid={tid}
      crumbs={[
        { label: trienniumName(tid), to: base },
        { label: 'Tavoli', to: `${base}/tavoli` },
      ]}
      lead={data.data && word(POLICY_AREAS, data.data.tavolo.policyArea)}
    >
      <Show state={data}>
        {({ tavolo, admitted, contributions }) => {
          const members = new Set(tavolo.members.map((m) => m.codiceFiscale));
          const names = new Map(tavolo.members.map((m) => [m.codiceFiscale, m.name]));
          const joinable = admitted
            .filter((r) => !members.has(r.codiceFiscale))
            .map((r) => ({ value: r.codiceFiscale, label: `${r.name} (${r.codiceFiscale})` }));
          return (
            <>
              <Section title="Enti del tavolo" id="membri">
                {tavolo.members.length === 0 ? (
                  <p>Nessun ente finora.</p>
                ) : (
                  <ul data-testid="membri">
                    {tavolo.members.map((m) => (
                      <li key={m.codiceFiscale}>
                        {m.name} ({m.codiceFiscale}) · dal {formatInstant(m.joinedAt)}
                      </li>
                    ))}
                  </ul>
                )}
                <JoinTavoloForm tavolo={tavolo} admitted={joinable} onWritten={written} />
              </Section>
              <Section title="Sedute" id="sedute">
                {tavolo.sessions.length === 0 ? (
                  <p>Nessuna seduta finora.</p>
                ) : (
                  <ul data-testid="sedute">
                    {tavolo.sessions.map((s) => (
                      <li key={s.id}>
                        {formatDate(s.heldOn)} · {s.title} · presenti:{' '}
                        {s.attendees.map((cf) => names.get(cf) ?? cf).join(', ') || 'nessuno'}
                      </li>
                    ))}
                  </ul>
                )}
                <h3 className="h5">Registra una seduta</h3>
                <RecordSessionForm tavolo={tavolo} onWritten={written} />
              </Section>
              <Section title="Contributi" id="contributi">
                {contributions.length === 0 ? (
                  <p>Nessun contributo finora.</p>
                ) : (
                  <ul data-testid="contributi">
                    {contributions.map((c) => (
                      <li key={c.id}>
                        «{c.title}» · {word(CONTRIBUTION_KINDS, c.kind)} ·{' '}
                        {c.enteName ?? c.codiceFiscale}
                      </li>
                    ))}
                  </ul>
                )}
                <h3 className="h5">Registra un contributo per conto di un ente</h3>
                <RecordContributionForm tavolo={tavolo} onWritten={written} />
              </Section>
            </>
          );
        }}
      </Show>
    </ConsolePage>
  );
}
