/**
 * Scaling out: the API with PROJECTIONS=off runs no runner; a projector elsewhere (here: a runner on
 * the same data directory, as `npm run start:projector` would be) fills the read models, and the
 * API's ?minPosition= waits on the checkpoints it stored.
 */
import { openReadDb } from '../../projections/read-db.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { expectProblem, startLedger, type Ledger } from './commands.support.js';
import { writeWorld } from './queries.support.js';

describe('queries with PROJECTIONS=off and a separate projector', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await startLedger({ PROJECTIONS: 'off', LEDGER_MIN_POSITION_TIMEOUT_MS: '300' });
  });
  afterAll(async () => ledger?.close());

  it('reads wait for the external projector, and answer once it has projected', async () => {
    const w = await writeWorld(ledger);
    const path = `/api/v1/triennia/${w.trienniumId}?minPosition=${w.lastPosition}`;
    expectProblem(await ledger.http().get(path), 503, 'PROJECTION_LAG');
    expectProblem(await ledger.http().get(`/api/v1/triennia/${w.trienniumId}`), 404, 'NOT_FOUND');

    const db = await openReadDb({ kind: 'sqlite', sqliteFile: `${ledger.dataDir}/read.sqlite` });
    const projector = new ProjectionRunner(ledger.store, db);
    await projector.start();
    try {
      const deadline = Date.now() + 20_000;
      let res = await ledger.http().get(path);
      while (res.status === 503 && Date.now() < deadline) res = await ledger.http().get(path);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: w.trienniumId,
        position: w.lastPosition,
        phase: 'approved',
      });
    } finally {
      await projector.stop();
      await db.destroy();
    }
  }, 60_000);
});
