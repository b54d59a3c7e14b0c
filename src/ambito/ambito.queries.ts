/** The ambiti's reads (GET /ambiti, /ambiti/{id}) over the read model ambiti.projection.ts writes. */
import { json, type ReadTx } from '../../projections/read-db.js';
import { num, pageOf, type PageRequest } from '../queries/paging.js';

interface AmbitoRow {
  id: string;
  name: string;
  region: string;
  capofila: string;
  comuni: string;
  registered_at: string;
  position: unknown;
}
interface TrienniumRow {
  id: string;
  ambito_id: string;
  start_year: number;
  end_year: number;
  opened_at: string;
  plan_approved: number;
}

async function withTriennia(tx: ReadTx, rows: AmbitoRow[]) {
  const triennia = await tx.selectIn<TrienniumRow>(
    'SELECT * FROM ambito_triennia WHERE ambito_id',
    rows.map((r) => r.id),
    'ORDER BY start_year',
  );
  return (r: AmbitoRow) => ({
    id: r.id,
    name: r.name,
    region: r.region,
    capofila: r.capofila,
    comuni: json<string[]>(r.comuni),
    registeredAt: r.registered_at,
    triennia: triennia
      .filter((t) => t.ambito_id === r.id)
      .map((t) => ({
        id: t.id,
        startYear: num(t.start_year),
        endYear: num(t.end_year),
        openedAt: t.opened_at,
        phase: num(t.plan_approved) === 1 ? 'approved' : 'programming',
      })),
  });
}

export async function listAmbiti(tx: ReadTx, page: PageRequest) {
  const rows = await tx.query<AmbitoRow>('SELECT * FROM ambiti WHERE id > ? ORDER BY id LIMIT ?', [
    page.after ?? '',
    page.limit + 1,
  ]);
  const map = await withTriennia(tx, rows.slice(0, page.limit));
  return pageOf(rows, page, (r) => r.id, map);
}

export async function getAmbito(tx: ReadTx, id: string) {
  const rows = await tx.query<AmbitoRow>('SELECT * FROM ambiti WHERE id = ?', [id]);
  if (rows.length === 0) return null;
  return (await withTriennia(tx, rows))(rows[0]!);
}
