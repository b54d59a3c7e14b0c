/**
 * GET /triennia/{tid}/events/spreadsheet over a real server: parsed back as a spreadsheet would,
 * with each separator; BOM, columns, no JSON in cells, the formula guard, and who may read it.
 */
import {
  buildWorld,
  expectProblem,
  startLedger,
  type Ledger,
  type World,
} from '../e2e/commands.support.js';

/** RFC 4180 with a given separator: quoted cells may hold the separator, quotes and line breaks. */
function parseCsv(text: string, separator: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === separator) {
      record.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

const TRICKY = [
  '=HYPERLINK("http://example.org","clic")',
  '+39 0332 123456',
  '-1+2',
  '@SUM(A1:A2)',
  '\tcon tabulazione',
];

describe('spreadsheet export', () => {
  let ledger: Ledger;
  let world: World;
  let evaluator: string;

  const download = (path: string, auth = evaluator) =>
    ledger
      .http()
      .get(path)
      .set('Authorization', auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    ledger = await startLedger();
    world = await buildWorld(ledger, { members: 2 });
    evaluator = `Bearer ${ledger.token({ role: 'evaluator' })}`;
    for (const [i, title] of TRICKY.entries()) {
      const res = await ledger
        .http()
        .post(`/api/v1/tavoli/${world.tavoloId}/contributions`)
        .set({ Authorization: ledger.root })
        .send({
          codiceFiscale: world.members[i % 2],
          kind: 'need',
          title,
          body: 'Più servizi; "serali", per le famiglie.\nSeconda riga.',
        });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => ledger?.close());

  it('opens in an Italian spreadsheet: BOM, semicolons, one column per field, no JSON, formulas disarmed', async () => {
    const tid = world.trienniumId;
    const res = await download(`/api/v1/triennia/${tid}/events/spreadsheet?separator=semicolon`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${tid}-events-spreadsheet.csv"`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const [header, ...rows] = parseCsv(text, ';');
    expect(header!.slice(0, 6)).toEqual([
      'eventId',
      'streamId',
      'revision',
      'position',
      'type',
      'schemaVersion',
    ]);
    for (const column of ['occurredAt', 'actor.sub', 'actor.role', 'prevHash', 'hash'])
      expect(header).toContain(column);
    for (const column of ['data.title', 'data.body', 'data.codiceFiscale', 'data.kind'])
      expect(header).toContain(column);
    // The whole stream, in order, every record as wide as the header.
    const exported = (
      await ledger
        .http()
        .get(`/api/v1/triennia/${tid}/events?format=jsonl`)
        .set('Authorization', evaluator)
    ).text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { eventId: string; data: Record<string, unknown> });
    expect(rows.map((r) => r[0])).toEqual(exported.map((e) => e.eventId));
    for (const r of rows) expect(r.length).toBe(header!.length);
    for (const r of rows) for (const c of r) expect(c).not.toMatch(/^[[{]/);
    const col = (name: string) => header!.indexOf(name);
    // A list of plain values is one readable cell.
    const call = rows.find((r) => r[col('type')] === 'CallOpened')!;
    expect(call[col('data.policyAreas')]).toBe('domiciliarita, lavoro');
    // Accents and the separator inside a cell come back as written.
    const contributions = rows.filter((r) => r[col('type')] === 'ContributionRecorded');
    expect(contributions).toHaveLength(TRICKY.length);
    expect(contributions[0]![col('data.body')]).toBe(
      'Più servizi; "serali", per le famiglie.\nSeconda riga.',
    );
    // OWASP CSV injection: every cell a spreadsheet would run starts with a quote.
    expect(contributions.map((r) => r[col('data.title')])).toEqual(TRICKY.map((t) => `'${t}`));
    for (const r of rows) for (const c of r) expect(c).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
  });

  it('is comma-separated by default, with the same cells', async () => {
    const tid = world.trienniumId;
    const semicolon = parseCsv(
      (await download(`/api/v1/triennia/${tid}/events/spreadsheet?separator=semicolon`)).body
        .toString('utf8')
        .slice(1),
      ';',
    );
    const res = await download(`/api/v1/triennia/${tid}/events/spreadsheet`);
    const text = (res.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(parseCsv(text.slice(1), ',')).toEqual(semicolon);
  });

  it('is for evaluators and the ambito admins only; a wrong separator is a 400', async () => {
    const path = `/api/v1/triennia/${world.trienniumId}/events/spreadsheet`;
    expectProblem(await ledger.http().get(path), 401, 'UNAUTHENTICATED');
    const ente = `Bearer ${ledger.token({ role: 'ente', ente: world.members[0]! })}`;
    expectProblem(await ledger.http().get(path).set('Authorization', ente), 403, 'FORBIDDEN');
    const otherAdmin = `Bearer ${ledger.token({ role: 'admin', ambito: 'como' })}`;
    expectProblem(await ledger.http().get(path).set('Authorization', otherAdmin), 403, 'FORBIDDEN');
    const admin = `Bearer ${ledger.token({ role: 'admin', ambito: world.ambitoId })}`;
    expect((await download(path, admin)).status).toBe(200);
    expectProblem(
      await ledger.http().get(`${path}?separator=tab`).set('Authorization', evaluator),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await ledger
        .http()
        .get('/api/v1/triennia/varese-2031-2033/events/spreadsheet')
        .set('Authorization', evaluator),
      404,
      'NOT_FOUND',
    );
  });
});
