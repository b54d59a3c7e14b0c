/**
 * A call or tavolo is usable the moment its creation is acknowledged, even on PostgreSQL where the
 * entity directory (call/tavolo id → triennium) catches up through the store's global order.
 * Regression: a lookup that joined a catch-up already under way could miss the entity → 404.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadLedgerConfig } from '../../src/config/ledger-config.js';
import { withCheckDigit } from '../../src/domain/codice-fiscale.js';
import { createApp } from '../../src/http/create-app.js';
import { LedgerClient, signToken } from '../../scripts/demo-data/client.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';

const SECRET = 'entity-directory-secret-of-32-characters';

describePostgres('entity directory on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplication;
  let api: LedgerClient;
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-'));
    app = await createApp(
      loadLedgerConfig({
        LEDGER_DATA_DIR: dataDir,
        LEDGER_JWT_SECRET: SECRET,
        LOG_LEVEL: 'silent',
        LEDGER_EVENT_STORE: 'postgres',
        LEDGER_READ_DB: 'postgres',
        DATABASE_URL: db.url,
      }),
    );
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    api = new LedgerClient(
      `http://127.0.0.1:${port}`,
      signToken(SECRET, { sub: 'ufficio', role: 'admin', ambito: '*' }),
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds every tavolo and call right after its 201', async () => {
    await api.post('/ambiti', {
      id: 'bassa',
      name: 'Bassa',
      region: 'Lombardia',
      capofila: 'Lodi',
      comuni: ['Lodi'],
    });
    await api.post('/ambiti/bassa/triennia', { startYear: 2025 });
    const closesAt = new Date(Date.now() + 86_400_000).toISOString();
    const call = (
      await api.post('/triennia/bassa-2025-2027/calls', {
        title: 'Avviso',
        kind: 'co-programmazione',
        eligibleCategories: ['odv'],
        policyAreas: ['lavoro'],
        closesAt,
      })
    ).id;
    const cf = withCheckDigit('9700000015');
    await api.post(`/calls/${call}/registrations`, {
      codiceFiscale: cf,
      name: 'Auser Lodi',
      category: 'odv',
      comune: 'Lodi',
      contact: { name: 'Anna Rossi', email: 'anna@example.org' },
    });
    await api.post(`/calls/${call}/registrations/${cf}/decision`, { outcome: 'admitted' });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const tavolo = (
        await api.post('/triennia/bassa-2025-2027/tavoli', {
          name: `Tavolo ${i}`,
          policyArea: 'lavoro',
        })
      ).id;
      statuses.push(
        (await api.request('POST', `/tavoli/${tavolo}/members`, { codiceFiscale: cf })).status,
      );
      const next = (
        await api.post('/triennia/bassa-2025-2027/calls', {
          title: `Avviso ${i}`,
          kind: 'co-progettazione',
          eligibleCategories: ['odv'],
          policyAreas: ['lavoro'],
          closesAt,
        })
      ).id;
      statuses.push((await api.request('POST', `/calls/${next}/close`, {})).status);
    }
    expect(statuses).toEqual(Array(60).fill(201));
  }, 120_000);
});
