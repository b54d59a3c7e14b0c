import { useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { ambitoOf } from '@/components/triennium-nav';
import { listDocuments } from '@/features/documents/api/documents';
import { DocumentsList } from '@/features/documents/components/documents-list';
import { useApi } from '@/lib/use-api';
import { TrienniumPage } from './triennium-page';

export default function DocumentsPage() {
  const { tid = '' } = useParams();
  const ambito = ambitoOf(tid);
  const documents = useApi(`documents:${tid}`, (s) => listDocuments(ambito, tid, s));
  return (
    <TrienniumPage tid={tid} section="Documenti">
      <p>
        Verbali, materiali delle sedute, allegati e documento di piano, conservati dal registro con
        la loro impronta SHA-256.
      </p>
      <Show state={documents}>{(d) => <DocumentsList documents={d} />}</Show>
    </TrienniumPage>
  );
}
