/** The frame of a triennium's pages: title, breadcrumb, the sections' navigation. */
import type { ReactNode } from 'react';
import { Page } from '@/components/page';
import { ambitoOf, TrienniumNav, trienniumName } from '@/components/triennium-nav';

export function TrienniumPage({
  tid,
  section,
  parent,
  children,
}: {
  tid: string;
  section?: string;
  parent?: { label: string; to: string };
  children: ReactNode;
}) {
  const name = trienniumName(tid);
  const ambito = ambitoOf(tid);
  const crumbs = [
    { label: 'Ambiti', to: '/' },
    { label: `Ambito ${ambito}`, to: `/ambito/${encodeURIComponent(ambito)}` },
    ...(section ? [{ label: name, to: `/triennio/${encodeURIComponent(tid)}` }] : []),
    ...(parent ? [parent] : []),
  ];
  return (
    <Page title={section ? `${section} · ${name}` : `${name} · ambito ${ambito}`} crumbs={crumbs}>
      <TrienniumNav tid={tid} />
      {children}
    </Page>
  );
}
