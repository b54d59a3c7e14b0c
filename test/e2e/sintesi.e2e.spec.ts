/**
 * The documento istruttorio di sintesi over a real server: generated twice it is the same bytes
 * (JSON, HTML, PDF), its hash in the header and in the JSON; a later event changes it, and
 * `?asOf=` gives back exactly the earlier bytes.
 */
import { createHash } from 'node:crypto';
import type request from 'supertest';
import { cf, expectProblem, startLedger, type Ledger } from './commands.support.js';
import { writeWorld, type QueryWorld } from './queries.support.js';

const binary = (r: request.Test) =>
  r.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

describe('sintesi over HTTP (SQLite)', () => {
  let ledger: Ledger;
  let w: QueryWorld;
  const get = (path: string) => binary(ledger.http().get(`/api/v1${path}`));

  beforeAll(async () => {
    ledger = await startLedger();
    w = await writeWorld(ledger);
  });
  afterAll(async () => ledger?.close());

  it('gives the same bytes twice in every rendition, with one sintesi hash in the header and the JSON', async () => {
    const hashes = new Set<string>();
    for (const ext of ['', '.json', '.html', '.pdf']) {
      const a = await get(`/triennia/${w.trienniumId}/sintesi${ext}`).set(
        'Accept-Encoding',
        'gzip, br',
      );
      // Never content-coded: Repr-Digest is the hash of exactly these bytes.
      expect(a.headers['content-encoding']).toBeUndefined();
      const b = await get(`/triennia/${w.trienniumId}/sintesi${ext}`);
      expect(a.status).toBe(200);
      expect(Buffer.compare(a.body as Buffer, b.body as Buffer)).toBe(0);
      const digest = createHash('sha256')
        .update(a.body as Buffer)
        .digest('base64');
      expect(a.headers['repr-digest']).toBe(`sha-256=:${digest}:`);
      hashes.add(a.headers['x-sintesi-sha256'] as string);
    }
    expect(hashes.size).toBe(1);
    const json = await get(`/triennia/${w.trienniumId}/sintesi`);
    const body = JSON.parse((json.body as Buffer).toString()) as {
      sha256: string;
      totali: Record<string, number>;
      partecipanti: { name: string }[];
    };
    expect(body.sha256).toBe([...hashes][0]);
    expect(body.partecipanti.map((p) => p.name)).toEqual([
      'Associazione Auser Varese',
      'Cooperativa Sociale Il Ponte',
    ]);
    expect(body.totali).toMatchObject({ sedute: 1, contributi: 4, obiettivi: 2 });
  });

  it('serves a printable Italian page and a PDF', async () => {
    const html = await get(`/triennia/${w.trienniumId}/sintesi.html`);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    const page = (html.body as Buffer).toString();
    expect(page).toMatch(/<html lang="it">/);
    expect(page).toContain('@media print');
    expect(page).toContain('Documento istruttorio di sintesi');
    expect(page).toContain('esito non registrato');
    const pdf = await get(`/triennia/${w.trienniumId}/sintesi.pdf`);
    expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
    expect((pdf.body as Buffer).subarray(0, 8).toString()).toBe('%PDF-1.4');
  });

  it('changes with a later event, and ?asOf= gives the earlier bytes back exactly', async () => {
    const before = await get(`/triennia/${w.trienniumId}/sintesi.pdf`);
    // An admin records, for a member ente, a contribution of the implementation phase.
    const ok = await ledger
      .http()
      .post(`/api/v1/tavoli/${w.tavoloId}/contributions`)
      .set('Authorization', ledger.root)
      .send({
        codiceFiscale: cf(1),
        kind: 'observation',
        title: 'Secondo monitoraggio',
        body: 'Ancora bene.',
      });
    expect(ok.status).toBe(201);
    const after = await get(`/triennia/${w.trienniumId}/sintesi.pdf`);
    expect(after.headers['x-sintesi-sha256']).not.toBe(before.headers['x-sintesi-sha256']);
    const asOf = await get(`/triennia/${w.trienniumId}/sintesi.pdf?asOf=${w.lastPosition}`);
    expect(Buffer.compare(asOf.body as Buffer, before.body as Buffer)).toBe(0);
  });

  it('shows the esito recorded for a contribution, with its reasons, and "esito non registrato" for the others', async () => {
    const res = await ledger
      .http()
      .post(`/api/v1/triennia/${w.trienniumId}/contributions/${w.contributionIds[0]}/esito`)
      .set('Authorization', ledger.root)
      .send({
        esito: 'accolto_in_parte',
        reasons: 'Recepito nell’obiettivo OB1 per le ore serali.',
      });
    expect(res.status).toBe(201);
    const json = await get(`/triennia/${w.trienniumId}/sintesi`);
    const body = JSON.parse((json.body as Buffer).toString()) as {
      tavoli: { contributi: { id: string; esito: { esito: string; reasons: string } | null }[] }[];
    };
    const all = body.tavoli.flatMap((t) => t.contributi);
    expect(all.find((c) => c.id === w.contributionIds[0])!.esito).toMatchObject({
      esito: 'accolto_in_parte',
      reasons: 'Recepito nell’obiettivo OB1 per le ore serali.',
    });
    expect(all.filter((c) => c.esito === null)).toHaveLength(all.length - 1);
    const html = (await get(`/triennia/${w.trienniumId}/sintesi.html`)).body.toString();
    expect(html).toContain('Accolto in parte');
    expect(html).toContain('esito non registrato');
  });

  it('gives the sintesi of one tavolo', async () => {
    const res = await get(`/tavoli/${w.tavolo2Id}/sintesi`);
    expect(res.status).toBe(200);
    const body = JSON.parse((res.body as Buffer).toString()) as {
      tavolo: { name: string };
      tavoli: unknown[];
    };
    expect(body.tavolo.name).toBe('Lavoro e inclusione');
    expect(body.tavoli).toHaveLength(1);
  });

  it('answers 404 for an unknown triennium or tavolo, 400 for a bad asOf', async () => {
    expectProblem(
      await ledger.http().get('/api/v1/triennia/varese-2031-2033/sintesi'),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await ledger.http().get('/api/v1/tavoli/00000000-0000-4000-8000-000000000000/sintesi.pdf'),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await ledger.http().get(`/api/v1/triennia/${w.trienniumId}/sintesi?asOf=ieri`),
      400,
      'VALIDATION_FAILED',
    );
  });
});
