import { Link, useNavigate, useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { trienniumName } from '@/components/triennium-nav';
import { listTavoli } from '@/features/console/api/console';
import { ConsolePage, consoleTriennium, Section } from '@/features/console/components/console-page';
import { ConveneTavoloForm } from '@/features/console/components/tavolo-forms';
import { useConsoleData } from '@/features/console/lib/use-console-data';
import { POLICY_AREAS, word } from '@/lib/format';

export default function ConsoleTavoli() {
  const { tid = '' } = useParams();
  const navigate = useNavigate();
  const tavoli = useConsoleData(`console:tavoli:${tid}`, (p, s) => listTavoli(tid, p, s));
  const base = consoleTriennium(tid);
  return (
    <ConsolePage
      title={`Tavoli · ${trienniumName(tid)}`}
      tid={tid}
      crumbs={[{ label: trienniumName(tid), to: base }]}
    >
      <Section title="Tavoli del triennio" id="tavoli">
        <Show state={tavoli}>
          {(list) =>
            list.length === 0 ? (
              <p>Nessun tavolo convocato finora.</p>
            ) : (
              <ul>
                {list.map((t) => (
                  <li key={t.id}>
                    <Link to={`${base}/tavoli/${t.id}`}>{t.name}</Link> ·{' '}
                    {word(POLICY_AREAS, t.policyArea)} · {t.membersCount} enti, {t.sessionsCount}{' '}
                    sedute, {t.contributions} contributi
                  </li>
                ))}
              </ul>
            )
          }
        </Show>
      </Section>
      <Section title="Convoca un tavolo" id="nuovo-tavolo">
        <ConveneTavoloForm
          tid={tid}
          onWritten={(tavoloId, position) => {
            tavoli.written(position);
            void navigate(`${base}/tavoli/${tavoloId}`);
          }}
        />
      </Section>
    </ConsolePage>
  );
}
