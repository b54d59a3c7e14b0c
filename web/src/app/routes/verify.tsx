import { useParams } from 'react-router';
import { Page } from '@/components/page';
import { fetchExport } from '@/features/audit/api/audit';
import { Downloads } from '@/features/audit/components/downloads';
import { ProofForm } from '@/features/audit/components/proof-form';
import { TokenForm } from '@/features/audit/components/token-form';
import { checkProof } from '@/features/verify/lib/verify-export';
import { VerifyPanel } from '@/features/verify/components/verify-panel';
import { useSession } from '@/lib/session';
import { TrienniumPage } from './triennium-page';

function Sections({ tid }: { tid?: string }) {
  const { authenticated, account } = useSession();
  return (
    <>
      <section aria-labelledby="verifica-browser" className="mb-5">
        <h2 id="verifica-browser" className="h3">
          Verifica nel browser
        </h2>
        <p>
          Il browser ricalcola da sé la catena di impronte (SHA-256 sul JSON canonico di ogni
          evento) e il sigillo di Merkle dell'approvazione, senza fidarsi di ciò che dice il server,
          e indica il primo evento che non torna. Il file non lascia il tuo computer.
        </p>
        <VerifyPanel
          fetchExport={tid && authenticated ? () => fetchExport(tid, 'jsonl') : undefined}
        />
      </section>
      {tid && (
        <>
          <section aria-labelledby="scarica" className="mb-5">
            <h2 id="scarica" className="h3">
              Scarica il registro completo
            </h2>
            <p>
              Ogni evento con tutti i suoi campi e le sue impronte. Riservato ai valutatori e
              all'Ufficio di Piano dell'ambito.
            </p>
            {!account && <TokenForm />}
            <Downloads tid={tid} enabled={authenticated} />
          </section>
          <section aria-labelledby="prova" className="mb-5">
            <h2 id="prova" className="h3">
              Prova di inclusione di un evento
            </h2>
            <p>
              Dimostra che un evento è tra quelli sigillati all'approvazione del piano; la prova è
              ricontrollata qui nel browser.
            </p>
            <ProofForm tid={tid} check={checkProof} />
          </section>
        </>
      )}
    </>
  );
}

export default function VerifyPage() {
  const { tid } = useParams();
  if (tid)
    return (
      <TrienniumPage tid={tid} section="Verifica">
        <Sections tid={tid} />
      </TrienniumPage>
    );
  return (
    <Page title="Verifica di un export del registro" crumbs={[{ label: 'Ambiti', to: '/' }]}>
      <Sections />
    </Page>
  );
}
