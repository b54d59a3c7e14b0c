import { Link } from 'react-router';
import { Page } from '@/components/page';

export default function NotFound() {
  return (
    <Page title="Pagina non trovata">
      <p>
        Questo indirizzo non corrisponde a nessuna pagina del registro.{' '}
        <Link to="/">Torna all'elenco degli ambiti</Link>.
      </p>
    </Page>
  );
}
