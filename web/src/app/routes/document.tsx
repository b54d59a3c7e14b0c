import { useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { Page } from '@/components/page';
import { getDocumentMetadata } from '@/features/documents/api/documents';
import { DocumentDetail } from '@/features/documents/components/document-detail';
import { useApi } from '@/lib/use-api';

export default function DocumentPage() {
  const { ambitoId = '', sha256 = '' } = useParams();
  const doc = useApi(`document:${ambitoId}:${sha256}`, (s) =>
    getDocumentMetadata(ambitoId, sha256, s),
  );
  const crumbs = [
    { label: 'Ambiti', to: '/' },
    { label: `Ambito ${ambitoId}`, to: `/ambito/${encodeURIComponent(ambitoId)}` },
  ];
  return (
    <Page title={doc.data ? doc.data.title : 'Documento'} crumbs={crumbs}>
      <Show state={doc}>{(d) => <DocumentDetail document={d} />}</Show>
    </Page>
  );
}
