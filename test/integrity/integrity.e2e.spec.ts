/**
 * End to end over HTTP: a scripted process (ambito → triennium → call → enti → tavolo →
 * contributions → plan approval → a late contribution), then the audit endpoints: integrity,
 * the streamed export in every format (verified offline by the ledger:verify logic), inclusion
 * proofs, and who may read the raw trail. Last, a byte changed in events.sqlite behind the
 * server's back shows up in /integrity.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLITE_EVENTS_FILE } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { verifyInclusion } from '../../src/integrity/merkle.js';
import { runVerifyCli } from '../../src/integrity/verify-cli.js';
import { verifyExportFile } from '../../src/integrity/verify-export.js';
import {
  buildWorld,
  expectProblem,
  SHA,
  startLedger,
  type Ledger,
  type World,
} from '../e2e/commands.support.js';

let ledger: Ledger;
let world: World;
let dir: string;
let ledgerDigest: string;
const contributionIds: string[] = [];
let lateContributionEventId: string;
const P = '/api/v1';

async function quietCli(argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await runVerifyCli(argv, { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, out: out.join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  ledger = await startLedger();
  world = await buildWorld(ledger, { members: 2 });
  const auth = { Authorization: ledger.root };
  for (const [i, cf] of world.members.entries()) {
    const res = await ledger
      .http()
      .post(`${P}/tavoli/${world.tavoloId}/contributions`)
      .set({ Authorization: `Bearer ${ledger.token({ role: 'ente', ente: cf })}` })
      .send({
        codiceFiscale: cf,
        kind: 'proposal',
        title: `Proposta ${i}`,
        body: 'Servizio "custode sociale", con virgole,\ne a capo.',
      });
    expect(res.status).toBe(201);
    contributionIds.push(res.body.id);
  }
  const approval = await ledger
    .http()
    .post(`${P}/triennia/${world.trienniumId}/plan/approval`)
    .set(auth)
    .send({
      approvedOn: '2025-06-30',
      approvedBy: "Assemblea dei Sindaci dell'ambito di Varese",
      actReference: 'Delib. n. 7/2025',
      signatories: ['Varese', 'Azzate'],
      documentSha256: SHA,
      objectives: [
        {
          code: 'OB1',
          title: 'Domiciliarità',
          policyArea: 'domiciliarita',
          rationale: 'Dai tavoli',
          contributionIds,
        },
      ],
    });
  expect(approval.status).toBe(201);
  ledgerDigest = approval.body.ledgerDigest;
  expect(ledgerDigest).toMatch(/^[0-9a-f]{64}$/);
  const late = await ledger
    .http()
    .post(`${P}/tavoli/${world.tavoloId}/contributions`)
    .set(auth)
    .send({
      codiceFiscale: world.members[0],
      kind: 'evidence',
      title: 'Monitoraggio',
      body: "Dopo l'approvazione.",
    });
  expect(late.status).toBe(201);
  lateContributionEventId = late.body.eventIds[0];
});

afterAll(async () => {
  await ledger?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('integrity and audit over HTTP', () => {
  it('GET /integrity (anonymous) says ok and carries the digest the approval answered', async () => {
    const res = await ledger.http().get(`${P}/triennia/${world.trienniumId}/integrity`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      sealedDigest: ledgerDigest,
      firstBrokenEventId: null,
    });
    expect(res.body.events).toBeGreaterThan(10);
    expect(res.body.ledgerDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(res.body.ledgerDigest).not.toBe(ledgerDigest); // the late contribution is not sealed
  });

  it('GET /integrity of an unknown triennium is 404 NOT_FOUND', async () => {
    expectProblem(
      await ledger.http().get(`${P}/triennia/varese-2031-2033/integrity`),
      404,
      'NOT_FOUND',
    );
    expectProblem(await ledger.http().get(`${P}/triennia/nonsense/integrity`), 404, 'NOT_FOUND');
  });

  it("GET /events: anonymous 401, ente 403, another ambito's admin 403, evaluator and own admin 200", async () => {
    const path = `${P}/triennia/${world.trienniumId}/events?format=jsonl`;
    expectProblem(await ledger.http().get(path), 401, 'UNAUTHENTICATED');
    const ente = `Bearer ${ledger.token({ role: 'ente', ente: world.members[0] })}`;
    expectProblem(await ledger.http().get(path).set('Authorization', ente), 403, 'FORBIDDEN');
    const other = `Bearer ${ledger.token({ role: 'admin', ambito: 'como' })}`;
    expectProblem(await ledger.http().get(path).set('Authorization', other), 403, 'FORBIDDEN');
    const evaluator = `Bearer ${ledger.token({ role: 'evaluator' })}`;
    expect((await ledger.http().get(path).set('Authorization', evaluator)).status).toBe(200);
    const admin = `Bearer ${ledger.token({ role: 'admin', ambito: world.ambitoId })}`;
    expect((await ledger.http().get(path).set('Authorization', admin)).status).toBe(200);
    expectProblem(
      await ledger
        .http()
        .get(`${P}/triennia/${world.trienniumId}/events?format=xml`)
        .set('Authorization', evaluator),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await ledger
        .http()
        .get(`${P}/triennia/varese-2031-2033/events`)
        .set('Authorization', evaluator),
      404,
      'NOT_FOUND',
    );
  });

  it.each(['jsonl', 'json', 'csv'] as const)(
    'the %s export carries every envelope field and verifies offline',
    async (format) => {
      const evaluator = `Bearer ${ledger.token({ role: 'evaluator' })}`;
      const res = await ledger
        .http()
        .get(`${P}/triennia/${world.trienniumId}/events?format=${format}`)
        .set('Authorization', evaluator)
        .buffer(true)
        .parse((r, cb) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (text += c));
          r.on('end', () => cb(null, text));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="${world.trienniumId}-events.${format}"`,
      );
      const text = res.body as string;
      const path = join(dir, `export.${format}`);
      writeFileSync(path, text);
      if (format === 'jsonl') {
        const first = JSON.parse(text.split('\n')[0]!);
        expect(Object.keys(first)).toEqual([
          'eventId',
          'streamId',
          'revision',
          'position',
          'type',
          'schemaVersion',
          'data',
          'metadata',
        ]);
        expect(first).toMatchObject({
          streamId: `triennium-${world.trienniumId}`,
          revision: '0',
          position: expect.stringMatching(/^\d+$/),
        });
        expect(first.metadata).toMatchObject({
          prevHash: '0'.repeat(64),
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          commandId: expect.any(String),
        });
      }
      const verdict = await verifyExportFile(path);
      expect(verdict.ok).toBe(true);
      expect(verdict.streams[0]).toMatchObject({ sealedDigest: ledgerDigest, ok: true });
      expect((await quietCli([path])).code).toBe(0);
    },
  );

  it('a proof of every sealed event checks offline; a late event is 409 NOT_SEALED; unknown 404', async () => {
    const exportPath = join(dir, 'export.jsonl');
    const verdict = await verifyExportFile(exportPath);
    const sealed = verdict.streams[0]!.sealedEvents!;
    const lines = (await import('node:fs'))
      .readFileSync(exportPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const event of lines.slice(0, sealed)) {
      const res = await ledger
        .http()
        .get(`${P}/triennia/${world.trienniumId}/events/${event.eventId}/proof`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        eventId: event.eventId,
        index: Number(event.revision),
        treeSize: sealed,
        leafHash: event.metadata.hash,
        sealedDigest: ledgerDigest,
      });
      expect(
        verifyInclusion(
          res.body.leafHash,
          res.body.index,
          res.body.treeSize,
          res.body.path,
          res.body.sealedDigest,
        ),
      ).toBe(true);
    }
    const one = await ledger
      .http()
      .get(`${P}/triennia/${world.trienniumId}/events/${lines[1].eventId}/proof`);
    const proofPath = join(dir, 'proof.json');
    writeFileSync(proofPath, JSON.stringify(one.body));
    expect((await quietCli([exportPath, '--proof', proofPath])).code).toBe(0);
    expect((await quietCli(['--proof', proofPath, '--root', ledgerDigest])).code).toBe(0);

    expectProblem(
      await ledger
        .http()
        .get(`${P}/triennia/${world.trienniumId}/events/${lateContributionEventId}/proof`),
      409,
      'NOT_SEALED',
    );
    expectProblem(
      await ledger
        .http()
        .get(
          `${P}/triennia/${world.trienniumId}/events/00000000-0000-4000-8000-000000000000/proof`,
        ),
      404,
      'NOT_FOUND',
    );
  });

  it('a kept integrity answer equals a fresh one, and changes when an event is appended', async () => {
    const path = `${P}/triennia/${world.trienniumId}/integrity`;
    const first = await ledger.http().get(path);
    const again = await ledger.http().get(path);
    expect(again.body).toEqual(first.body);
    const other = await startLedger({}, { dataDir: ledger.dataDir }); // a fresh process: no kept check
    try {
      expect((await other.http().get(path)).body).toEqual(first.body);
    } finally {
      await other.app.close();
    }
    const res = await ledger
      .http()
      .post(`${P}/tavoli/${world.tavoloId}/contributions`)
      .set({ Authorization: ledger.root })
      .send({ codiceFiscale: world.members[1], kind: 'evidence', title: 'Esito', body: 'Dopo.' });
    expect(res.status).toBe(201);
    const after = await ledger.http().get(path);
    expect(after.body.events).toBe(first.body.events + 1);
    expect(after.body.ledgerDigest).not.toBe(first.body.ledgerDigest);
    expect(after.body).toMatchObject({ ok: true, sealedDigest: ledgerDigest });
  });

  it('a byte changed in events.sqlite while the server is stopped: /integrity names the event, its proof is refused (EVENT_ALTERED), writes are refused (CHAIN_BROKEN), readiness and metrics say so', async () => {
    const dataDir = ledger.dataDir;
    await ledger.app.close(); // the server stops; its data stays
    const db = new Database(join(dataDir, SQLITE_EVENTS_FILE));
    let victim: string;
    try {
      db.exec('DROP TRIGGER IF EXISTS events_are_immutable_update');
      const row = db
        .prepare(
          "SELECT event_id, data FROM events WHERE stream_id = ? AND type = 'ContributionRecorded' ORDER BY revision LIMIT 1",
        )
        .get(`triennium-${world.trienniumId}`) as { event_id: string; data: string };
      victim = row.event_id;
      db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(
        row.data.replace('Proposta 0', 'Proposta 9'),
        victim,
      );
    } finally {
      db.close();
    }
    const restarted = await startLedger({}, { dataDir });
    const close = ledger.close;
    ledger = { ...restarted, close: async () => (await restarted.close(), await close()) };
    const http = () => restarted.http();

    const res = await http().get(`${P}/triennia/${world.trienniumId}/integrity`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: false,
      firstBrokenEventId: victim,
      reason: 'hash mismatch (data or metadata changed)',
      sealedDigest: ledgerDigest,
    });

    // The stored hashes still make a path to the seal: the proof is refused on the content.
    expectProblem(
      await http().get(`${P}/triennia/${world.trienniumId}/events/${victim}/proof`),
      409,
      'EVENT_ALTERED',
    );

    const write = await http()
      .post(`${P}/tavoli/${world.tavoloId}/contributions`)
      .set({ Authorization: restarted.root })
      .send({ codiceFiscale: world.members[0], kind: 'evidence', title: 'Dopo', body: 'x' });
    expectProblem(write, 409, 'CHAIN_BROKEN');
    expect(write.body.detail).toContain(victim);
    const headBefore = await restarted.head();
    expectProblem(
      await http()
        .post(`${P}/tavoli/${world.tavoloId}/contributions`)
        .set({ Authorization: restarted.root })
        .send({ codiceFiscale: world.members[0], kind: 'evidence', title: 'Ancora', body: 'x' }),
      409,
      'CHAIN_BROKEN',
    );
    expect(await restarted.head()).toBe(headBefore);

    const ready = await http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.degraded.brokenChains).toEqual([
      expect.objectContaining({ streamId: `triennium-${world.trienniumId}`, eventId: victim }),
    ]);
    const metrics = await http().get('/metrics');
    expect(metrics.text).toMatch(/^ledger_chain_broken_streams 1$/m);
  });
});
