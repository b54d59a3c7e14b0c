import { Link, useNavigate, useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { trienniumName } from '@/components/triennium-nav';
import { getAmbito } from '@/features/console/api/console';
import { OpenTrienniumForm } from '@/features/console/components/ambito-forms';
import { ConsolePage, consoleTriennium, Section } from '@/features/console/components/console-page';
import { useConsoleData } from '@/features/console/lib/use-console-data';
import { PHASES, word } from '@/lib/format';

export default function ConsoleAmbito() {
  const { ambitoId = '' } = useParams();
  const navigate = useNavigate();
  const ambito = useConsoleData(`console:ambito:${ambitoId}`, (p, s) => getAmbito(ambitoId, p, s));
  return (
    <ConsolePage
      title={ambito.data ? `${ambito.data.name} · console` : `Ambito ${ambitoId} · console`}
      lead={
        ambito.data &&
        `${ambito.data.region} · capofila ${ambito.data.capofila} · comuni: ${ambito.data.comuni.join(', ')}`
      }
    >
      <Show state={ambito}>
        {(a) => (
          <>
            <Section title="Trienni" id="trienni">
              {a.triennia.length === 0 ? (
                <p>Nessun triennio aperto.</p>
              ) : (
                <ul>
                  {a.triennia.map((t) => (
                    <li key={t.id}>
                      <Link to={consoleTriennium(t.id)}>{trienniumName(t.id)}</Link> ·{' '}
                      {word(PHASES, t.phase)}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="Apri un triennio" id="nuovo-triennio">
              <OpenTrienniumForm
                ambitoId={a.id}
                onWritten={(tid, position) => {
                  ambito.written(position);
                  void navigate(consoleTriennium(tid));
                }}
              />
            </Section>
          </>
        )}
      </Show>
    </ConsolePage>
  );
}
