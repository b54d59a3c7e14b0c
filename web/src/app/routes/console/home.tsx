import { Link, useNavigate } from 'react-router';
import { Show } from '@/components/loaded';
import { listAmbiti } from '@/features/console/api/console';
import { RegisterAmbitoForm } from '@/features/console/components/ambito-forms';
import { ConsolePage, Section } from '@/features/console/components/console-page';
import { useConsoleData } from '@/features/console/lib/use-console-data';
import { useSession } from '@/lib/session';

export default function ConsoleHome() {
  const { account } = useSession();
  const navigate = useNavigate();
  const platform = account?.ambito === '*';
  const ambiti = useConsoleData('console:ambiti', listAmbiti);
  return (
    <ConsolePage
      title="Console dell’Ufficio di Piano"
      lead="Il processo di co-programmazione, passo per passo: ogni modulo scrive un fatto nel registro pubblico."
    >
      {platform && (
        <Section title="Registra un ambito" id="nuovo-ambito">
          <RegisterAmbitoForm
            onWritten={(id, position) => {
              ambiti.written(position);
              void navigate(`/console/ambito/${encodeURIComponent(id)}`);
            }}
          />
        </Section>
      )}
      <Section title={platform ? 'Ambiti registrati' : 'Il tuo ambito'} id="ambiti">
        <Show state={ambiti}>
          {(list) => {
            const mine = platform ? list : list.filter((a) => a.id === account?.ambito);
            if (mine.length === 0)
              return (
                <p>
                  {platform
                    ? 'Nessun ambito registrato.'
                    : `L’ambito «${account?.ambito}» non è ancora registrato nel registro: lo registra il gestore della piattaforma.`}
                </p>
              );
            return (
              <ul>
                {mine.map((a) => (
                  <li key={a.id}>
                    <Link to={`/console/ambito/${encodeURIComponent(a.id)}`}>{a.name}</Link> ·{' '}
                    {a.triennia.length === 1 ? '1 triennio' : `${a.triennia.length} trienni`}
                  </li>
                ))}
              </ul>
            );
          }}
        </Show>
      </Section>
    </ConsolePage>
  );
}
