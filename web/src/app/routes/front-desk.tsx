/** /sportello/:tid — the Ufficio di Piano's front desk for citizens and informal groups. */
import { Link, useParams } from 'react-router';
import { Page } from '@/components/page';
import { ambitoOf, trienniumName } from '@/components/triennium-nav';
import { FrontDesk } from '@/features/participants/components/front-desk';
import { useSession } from '@/lib/session';

export default function FrontDeskRoute() {
  const { tid = '' } = useParams();
  const { account, token } = useSession();
  const ambito = ambitoOf(tid);
  const isAdmin =
    token !== null ||
    (account?.role === 'admin' && (account.ambito === ambito || account.ambito === '*'));
  return (
    <Page
      title={`Sportello dell'Ufficio di Piano · ${trienniumName(tid)}`}
      crumbs={[
        { label: 'Ambiti', to: '/' },
        { label: trienniumName(tid), to: `/triennio/${encodeURIComponent(tid)}` },
      ]}
      lead="Iscrivi al percorso partecipativo cittadine, cittadini e gruppi informali, e registra ciò che dicono a loro nome. I loro dati restano riservati all'Ufficio di Piano."
    >
      {account === undefined ? null : isAdmin ? (
        <FrontDesk tid={tid} />
      ) : (
        <div className="alert alert-warning" role="alert">
          Lo sportello è dell'Ufficio di Piano dell'ambito {ambito}:{' '}
          <Link to="/accedi">accedi</Link> con il tuo collegamento personale.
        </div>
      )}
    </Page>
  );
}
