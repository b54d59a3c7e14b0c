import { Link, useNavigate, useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { trienniumName } from '@/components/triennium-nav';
import { listCalls } from '@/features/console/api/console';
import { OpenCallForm } from '@/features/console/components/call-forms';
import { ConsolePage, consoleTriennium, Section } from '@/features/console/components/console-page';
import { useConsoleData } from '@/features/console/lib/use-console-data';
import { CALL_STATUS, formatInstant, word } from '@/lib/format';

export default function ConsoleCalls() {
  const { tid = '' } = useParams();
  const navigate = useNavigate();
  const calls = useConsoleData(`console:calls:${tid}`, (p, s) => listCalls(tid, p, s));
  const base = consoleTriennium(tid);
  return (
    <ConsolePage
      title={`Avvisi · ${trienniumName(tid)}`}
      tid={tid}
      crumbs={[{ label: trienniumName(tid), to: base }]}
    >
      <Section title="Avvisi del triennio" id="avvisi">
        <Show state={calls}>
          {(list) =>
            list.length === 0 ? (
              <p>Nessun avviso aperto finora.</p>
            ) : (
              <ul>
                {list.map((c) => (
                  <li key={c.id}>
                    <Link to={`${base}/avvisi/${c.id}`}>{c.title}</Link> ·{' '}
                    {word(CALL_STATUS, c.status)} · scadenza {formatInstant(c.closesAt)} ·{' '}
                    {c.registrationsCount} iscrizioni
                  </li>
                ))}
              </ul>
            )
          }
        </Show>
      </Section>
      <Section title="Apri un avviso" id="nuovo-avviso">
        <OpenCallForm
          tid={tid}
          onWritten={(callId, position) => {
            calls.written(position);
            void navigate(`${base}/avvisi/${callId}`);
          }}
        />
      </Section>
    </ConsolePage>
  );
}
