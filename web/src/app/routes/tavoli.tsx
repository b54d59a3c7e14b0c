import { useEffect } from 'react';
import { useLocation, useParams } from 'react-router';
import { Show } from '@/components/loaded';
import { listTavoliWithMembers } from '@/features/triennia/api/triennia';
import { TavoliDetail } from '@/features/triennia/components/tavoli-detail';
import { useApi } from '@/lib/use-api';
import { TrienniumPage } from './triennium-page';

export default function Tavoli() {
  const { tid = '' } = useParams();
  const { hash } = useLocation();
  const tavoli = useApi(`tavoli:${tid}`, (s) => listTavoliWithMembers(tid, s));
  useEffect(() => {
    if (tavoli.status === 'ok' && hash) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [tavoli.status, hash]);
  return (
    <TrienniumPage tid={tid} section="Tavoli">
      <Show state={tavoli}>{(list) => <TavoliDetail tavoli={list} />}</Show>
    </TrienniumPage>
  );
}
