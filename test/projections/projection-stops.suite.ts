/**
 * A projection survives an event it cannot store (projections/runner.ts): registered once per
 * database (SQLite: projection-stops.int.spec.ts, PostgreSQL: projection-stops-postgres.int.spec.ts).
 *
 * Over a real server: a poison event is stored straight through the event-store port (past the
 * HTTP edge, as events stored before the edge refused them, or a future bug, would be). The
 * projection stops for that triennium only: the other triennium's reads keep moving with
 * `?minPosition=`, the stopped one answers 503 PROJECTION_STOPPED at once, readiness and /metrics
 * name it. At the runner: a rebuild after a fix clears the stop; a transient error is retried,
 * never quarantined.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import type { Projection } from '../../projections/projection.js';
import { ProjectionRunner, requestRebuild, storedStops } from '../../projections/runner.js';
import type { EventStore, NewEvent } from '../../src/event-store/event-store.port.js';
import { chainEvents } from '../../src/integrity/hash-chain.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { appendGeneratedHistory } from '../../projections/testing/generate-history.js';
import { READ_DB } from '../../src/read-models/read-models.service.js';
import { tempDir } from './support.js';
import {
  buildWorld,
  expectProblem,
  startLedger,
  type Ledger,
  type World,
} from '../e2e/commands.support.js';

const P = '/api/v1';

export interface StopsSetup {
  /** The server's configuration (events and read models). */
  env: Record<string, string>;
  /** A fresh, migrated read database of that kind, for the runner alone. */
  openReadDb(dir: string): Promise<DataSource>;
  cleanup?(): Promise<void>;
}

/** What the poison carries in its title: text the read database refuses (or null where it takes any text). */
export type PoisonTitle = string | null;

/** Appends after the stream's last event, chained like the write side does, bypassing the edge. */
async function appendRaw(store: EventStore, streamId: string, event: NewEvent): Promise<bigint> {
  const events = await store.readStream(streamId, 0n);
  const last = events[events.length - 1]!;
  const [chained] = chainEvents(streamId, last.revision + 1n, last.metadata.hash, [event]);
  const appended = await store.append(streamId, [chained!], last.revision);
  return appended.position;
}

async function contribute(ledger: Ledger, world: World, title: string): Promise<string> {
  const res = await ledger
    .http()
    .post(`${P}/tavoli/${world.tavoloId}/contributions`)
    .set({ Authorization: ledger.root })
    .send({ codiceFiscale: world.members[0], kind: 'proposal', title, body: 'Testo.' });
  if (res.status !== 201)
    throw new Error(`contribution: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.position as string;
}

export function projectionStopsSuite(
  label: string,
  poisonTitle: PoisonTitle,
  /** The database's reason, as recorded and shown. */
  reason: RegExp,
  setup: () => Promise<StopsSetup>,
): void {
  describe(`a projection survives an event it cannot store (${label})`, () => {
    let ledger: Ledger;
    let cleanup: (() => Promise<void>) | undefined;
    let varese: World;
    let como: World;
    let poisonId: string;
    let poisonPosition: string;

    beforeAll(async () => {
      const s = await setup();
      cleanup = s.cleanup;
      ledger = await startLedger({ ...s.env, PROJECTIONS: 'on' });
      varese = await buildWorld(ledger, { ambitoId: 'varese', members: 1 });
      como = await buildWorld(ledger, { ambitoId: 'como', members: 1 });
      await contribute(ledger, varese, 'Proposta');
      const stream = `triennium-${varese.trienniumId}`;
      const model = (await ledger.store.readStream(stream, 0n)).find(
        (e) => e.type === 'ContributionRecorded',
      )!;
      poisonId = randomUUID();
      const commandId = randomUUID();
      poisonPosition = (
        await appendRaw(ledger.store, stream, {
          eventId: poisonId,
          type: model.type,
          schemaVersion: model.schemaVersion,
          data: { ...model.data, contributionId: randomUUID(), title: poisonTitle },
          metadata: {
            ...model.metadata,
            commandId,
            causationId: commandId,
            prevHash: '',
            hash: '',
          },
        })
      ).toString();
    }, 60_000);

    afterAll(async () => {
      await ledger?.close();
      await cleanup?.();
    });

    it("the other triennium's reads keep moving with ?minPosition=; the stopped one answers 503 PROJECTION_STOPPED at once", async () => {
      const position = await contribute(ledger, como, 'Dopo il veleno');
      const other = await ledger
        .http()
        .get(`${P}/triennia/${como.trienniumId}/contributions?minPosition=${position}`);
      expect(other.status).toBe(200);
      expect(other.body.items.map((c: { title: string }) => c.title)).toContain('Dopo il veleno');
      const timeline = await ledger
        .http()
        .get(`${P}/triennia/${como.trienniumId}/timeline?minPosition=${position}`);
      expect(timeline.status).toBe(200);

      const started = Date.now();
      const stopped = await ledger
        .http()
        .get(`${P}/triennia/${varese.trienniumId}/contributions?minPosition=${poisonPosition}`);
      expectProblem(stopped, 503, 'PROJECTION_STOPPED');
      expect(Date.now() - started).toBeLessThan(ledger.config.minPositionTimeoutMs);
      expect(stopped.body.detail).toContain(poisonId);
      // Without minPosition too: its read models will not move until a rebuild.
      expectProblem(
        await ledger.http().get(`${P}/triennia/${varese.trienniumId}/contributions`),
        503,
        'PROJECTION_STOPPED',
      );
      // Every read of the stopped triennium, also those named by a call's or a tavolo's id, and the
      // live timeline (whose stream would never move); the other triennium's answer as before.
      for (const path of [
        `/triennia/${varese.trienniumId}/live`,
        `/calls/${varese.callId}`,
        `/tavoli/${varese.tavoloId}`,
      ]) {
        const refused = await ledger.http().get(`${P}${path}`).timeout(10_000);
        expectProblem(refused, 503, 'PROJECTION_STOPPED');
        expect(refused.body.detail).toContain(poisonId);
      }
      expect((await ledger.http().get(`${P}/calls/${como.callId}`)).status).toBe(200);
      expect((await ledger.http().get(`${P}/tavoli/${como.tavoloId}`)).status).toBe(200);
      // Writes to the stopped triennium are still taken (the record is sound; only a read model is not).
      const later = await contribute(ledger, varese, 'Ancora');
      expect(BigInt(later)).toBeGreaterThan(BigInt(poisonPosition));
      // And every projection's checkpoint went past the poison: the lowest position is the head.
      const head = await ledger.head();
      const res = await ledger
        .http()
        .get(`${P}/triennia/${como.trienniumId}/timeline?minPosition=${head}`);
      expect(res.status).toBe(200);
    });

    it('readiness names the stop (200, status degraded), /metrics counts it, the read database records it', async () => {
      // Once the projections are past the poison:
      const past = await ledger
        .http()
        .get(`${P}/triennia/${como.trienniumId}/timeline?minPosition=${poisonPosition}`);
      expect(past.status).toBe(200);
      const ready = await ledger.http().get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('degraded');
      const stops = ready.body.degraded.projectionStops as Array<Record<string, string>>;
      expect(stops.length).toBeGreaterThan(0);
      for (const stop of stops)
        expect(stop).toMatchObject({
          trienniumId: varese.trienniumId,
          streamId: `triennium-${varese.trienniumId}`,
          eventId: poisonId,
          position: poisonPosition,
          type: 'ContributionRecorded',
        });
      expect(stops.map((x) => x.projection)).toContain('contributions');
      expect(stops.find((x) => x.projection === 'contributions')!.reason).toMatch(reason);
      const metrics = await ledger.http().get('/metrics');
      expect(metrics.text).toMatch(
        /^ledger_projection_stopped_streams\{projection="contributions"\} 1$/m,
      );
      expect(metrics.text).toMatch(/^ledger_projection_stopped_streams\{projection="enti"\} 0$/m);
      const db = ledger.app.get<DataSource>(READ_DB, { strict: false });
      const stored = await storedStops(db, varese.trienniumId);
      expect(stored.map((x) => x.eventId)).toEqual(stops.map(() => poisonId));
      expect(await storedStops(db, como.trienniumId)).toEqual([]);
    });
  });

  describe(`the runner, on an event it cannot store (${label} read models)`, () => {
    let tmp: ReturnType<typeof tempDir>;
    let store: EventStore;
    let db: DataSource;
    let cleanupDb: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      tmp = tempDir();
      store = await SqliteEventStore.open({ dir: tmp.dir });
      const s = await setup();
      cleanupDb = s.cleanup;
      db = await s.openReadDb(tmp.dir);
    });
    afterEach(async () => {
      if (db?.isInitialized) await db.destroy();
      await cleanupDb?.();
      await store.close();
      tmp.remove();
    });

    const contributionsOf = async (tid: string) =>
      (await db.query(`SELECT id FROM contributions WHERE triennium_id = '${tid}'`)) as unknown[];

    it('stops for that stream only, moves its checkpoint on; a rebuild after a fix clears the stop', async () => {
      await appendGeneratedHistory(store, { events: 800, triennia: 2 });
      const all = await store.readAll({ limit: 5000 });
      const sample = all.find((e) => e.type === 'ContributionRecorded')!;
      const poisoned = sample.streamId;
      const tid = sample.metadata.trienniumId!;
      const other = all.find((e) => e.streamId.startsWith('triennium-') && e.streamId !== poisoned)!
        .metadata.trienniumId!;
      const commandId = randomUUID();
      const poisonContribution = randomUUID();
      const poisonPosition = await appendRaw(store, poisoned, {
        eventId: randomUUID(),
        type: sample.type,
        schemaVersion: sample.schemaVersion,
        data: { ...sample.data, contributionId: poisonContribution, title: poisonTitle },
        metadata: { ...sample.metadata, commandId, causationId: commandId, prevHash: '', hash: '' },
      });
      const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS, { batchSize: 250 });
      await runner.catchUp();
      const head = await store.headPosition();
      expect(runner.position()).toBe(head);
      const status = runner.getStatus().find((x) => x.name === 'contributions')!;
      expect(status.failing).toBeNull();
      expect(status.stoppedStreams).toEqual([
        expect.objectContaining({
          streamId: poisoned,
          trienniumId: tid,
          position: poisonPosition.toString(),
          type: 'ContributionRecorded',
        }),
      ]);
      const before = (await contributionsOf(tid)).length;
      const otherBefore = (await contributionsOf(other)).length;
      // Later events: the stopped stream's are not applied by that projection, the other's are.
      await appendGeneratedHistory(store, { events: 400, triennia: 2 }).catch(() => undefined);
      const sampleOther = (await store.readStream(`triennium-${other}`, 0n)).find(
        (e) => e.type === 'ContributionRecorded',
      )!;
      for (const [stream, s] of [
        [poisoned, sample],
        [`triennium-${other}`, sampleOther],
      ] as const) {
        const id = randomUUID();
        await appendRaw(store, stream, {
          eventId: randomUUID(),
          type: s.type,
          schemaVersion: s.schemaVersion,
          data: { ...s.data, contributionId: randomUUID(), title: 'Dopo' },
          metadata: { ...s.metadata, commandId: id, causationId: id, prevHash: '', hash: '' },
        });
      }
      await runner.catchUp();
      expect(await contributionsOf(tid)).toHaveLength(before);
      expect(await contributionsOf(other)).toHaveLength(otherBefore + 1);
      expect(await storedStops(db)).toHaveLength(
        runner.getStatus().reduce((n, x) => n + x.stoppedStreams.length, 0),
      );

      // The fix: a contributions projection that can store what the old one could not.
      const real = ALL_PROJECTIONS.find((p) => p.name === 'contributions')!;
      const fixed: Projection = {
        ...real,
        apply: (tx, events) =>
          real.apply(
            tx,
            events.map((e) =>
              e.type === 'ContributionRecorded'
                ? ({
                    ...e,
                    data: { ...e.data, title: String(e.data.title ?? '').replace(/\0/g, '') },
                  } as typeof e)
                : e,
            ),
          ),
      };
      const others = ALL_PROJECTIONS.filter((p) => p.name !== 'contributions');
      await requestRebuild(
        db,
        ALL_PROJECTIONS.map((p) => p.name),
      );
      await new ProjectionRunner(store, db, [...others, fixed], { batchSize: 250 }).catchUp();
      const rebuilt = new ProjectionRunner(store, db, [...others, fixed]);
      await rebuilt.init();
      expect((await storedStops(db)).filter((x) => x.projection === 'contributions')).toEqual([]);
      expect(rebuilt.getStatus().find((x) => x.name === 'contributions')!.stoppedStreams).toEqual(
        [],
      );
      const ids = ((await contributionsOf(tid)) as { id: string }[]).map((r) => r.id);
      expect(ids).toContain(poisonContribution);
      expect(ids).toHaveLength(before + 2);
    }, 60_000);

    it('a transient error (the database gone for a moment) is retried, never quarantined', async () => {
      await appendGeneratedHistory(store, { events: 600, triennia: 2 });
      const all = await store.readAll({ limit: 5000 });
      const bad = all.filter((e) => e.type === 'ContributionRecorded')[5]!;
      let armed = true;
      const real = ALL_PROJECTIONS.find((p) => p.name === 'contributions')!;
      const flaky: Projection = {
        ...real,
        async apply(tx, events) {
          if (armed && events.some((e) => e.eventId === bad.eventId))
            throw Object.assign(new Error('Connection terminated unexpectedly'), {
              code: 'ECONNRESET',
            });
          await real.apply(tx, events);
        },
      };
      const projections = ALL_PROJECTIONS.map((p) => (p.name === 'contributions' ? flaky : p));
      const runner = new ProjectionRunner(store, db, projections, {
        batchSize: 200,
        retryBaseMs: 0,
      });
      await runner.catchUp();
      let status = runner.getStatus().find((x) => x.name === 'contributions')!;
      expect(status.state).toBe('failed');
      expect(status.stoppedStreams).toEqual([]);
      expect(BigInt(status.position)).toBeLessThan(bad.position);
      expect(await storedStops(db)).toEqual([]);
      armed = false;
      await runner.catchUp();
      status = runner.getStatus().find((x) => x.name === 'contributions')!;
      expect(status.failing).toBeNull();
      expect(status.position).toBe((await store.headPosition()).toString());
    }, 60_000);
  });
}
