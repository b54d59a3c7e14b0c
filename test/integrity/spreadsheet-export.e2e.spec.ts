/**
 * GET /triennia/{tid}/events/spreadsheet over a real server: parsed back as a spreadsheet would,
 * with each separator; BOM, columns, no JSON in cells, the formula guard, and who may read it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
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

/** The rows of an .ods's first sheet, as text (what a person sees in each cell). */
function odsRows(bytes: Buffer): string[][] {
  const files = unzipSync(new Uint8Array(bytes));
  const xml = strFromU8(files['content.xml']!);
  const unescape = (t: string) =>
    t
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<table:table-row>(.*?)<\/table:table-row>/g)].map((row) =>
    [
      ...row[1]!.matchAll(/<table:table-cell\/>|<table:table-cell[^>]*>(.*?)<\/table:table-cell>/g),
    ].map((c) =>
      [...(c[1] ?? '').matchAll(/<text:p>(.*?)<\/text:p>/g)].map((p) => unescape(p[1]!)).join('\n'),
    ),
  );
}

/** LibreOffice, when this machine has it (Debian: libreoffice-calc-nogui). */
const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

// A title opening with a tab is refused at the edge (one-line field); the guard's tab case is in
// src/integrity/spreadsheet.unit.spec.ts.
const TRICKY = [
  '=HYPERLINK("http://example.org","clic")',
  '+39 0332 123456',
  '-1+2',
  '@SUM(A1:A2)',
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

  it('as .ods: the same cells, typed, the mimetype stored first, text never a formula', async () => {
    const tid = world.trienniumId;
    const csv = parseCsv(
      (await download(`/api/v1/triennia/${tid}/events/spreadsheet`)).body.toString('utf8').slice(1),
      ',',
    );
    const res = await download(`/api/v1/triennia/${tid}/events/spreadsheet?format=ods`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.oasis.opendocument.spreadsheet');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${tid}-events-spreadsheet.ods"`,
    );
    const bytes = res.body as Buffer;
    // ODF: the first entry is `mimetype`, stored (method 0), holding the media type.
    expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
    expect(bytes.readUInt16LE(8)).toBe(0);
    expect(bytes.subarray(30, 38).toString('latin1')).toBe('mimetype');
    expect(strFromU8(unzipSync(new Uint8Array(bytes)).mimetype!)).toBe(
      'application/vnd.oasis.opendocument.spreadsheet',
    );
    const rows = odsRows(bytes);
    // The CSV's cells, without the quote the CSV needs against formulas.
    const unguarded = csv.map((r) => r.map((c) => (/^'[=+\-@\t\r]/.test(c) ? c.slice(1) : c)));
    expect(rows).toEqual(unguarded);
    const xml = strFromU8(unzipSync(new Uint8Array(bytes))['content.xml']!);
    expect(xml).not.toContain('table:formula');
    expect(xml).toContain('office:value-type="float" office:value="0"');
    expect(xml).toContain(
      '<text:p>Più servizi; &quot;serali&quot;, per le famiglie.</text:p><text:p>Seconda riga.</text:p>',
    );
    expectProblem(
      await ledger
        .http()
        .get(`/api/v1/triennia/${tid}/events/spreadsheet?format=xlsx`)
        .set('Authorization', evaluator),
      400,
      'VALIDATION_FAILED',
    );
  });

  (soffice ? it : it.skip)(
    `opens in LibreOffice headless${soffice ? '' : ' [skipped: no soffice on this machine]'}: the .ods and the semicolon CSV give the same sheet`,
    async () => {
      const tid = world.trienniumId;
      const dir = mkdtempSync(join(tmpdir(), 'sheet-'));
      writeFileSync(
        join(dir, 'ods.ods'),
        (await download(`/api/v1/triennia/${tid}/events/spreadsheet?format=ods`)).body as Buffer,
      );
      writeFileSync(
        join(dir, 'it.csv'),
        (await download(`/api/v1/triennia/${tid}/events/spreadsheet?separator=semicolon`))
          .body as Buffer,
      );
      const convert = (infilter: string[], file: string, outdir: string) =>
        execFileSync(
          'soffice',
          [
            `-env:UserInstallation=file://${dir}/profile`,
            '--headless',
            ...infilter,
            '--convert-to',
            // Back to CSV: tab-separated, quoted text, UTF-8, every sheet's cells as shown.
            'csv:Text - txt - csv (StarCalc):9,34,76,1',
            '--outdir',
            outdir,
            join(dir, file),
          ],
          { env: { ...process.env, LC_ALL: 'it_IT.UTF-8', LANG: 'it_IT.UTF-8' }, timeout: 120_000 },
        );
      // What an Italian-locale import is told: separator ';', text in '"', UTF-8 (76), from row 1.
      convert([], 'ods.ods', join(dir, 'from-ods'));
      convert(['--infilter=CSV:59,34,76,1'], 'it.csv', join(dir, 'from-csv'));
      const fromOds = parseCsv(
        readFileSync(join(dir, 'from-ods', 'ods.csv'), 'utf8').replace(/\n/g, '\r\n'),
        '\t',
      );
      const fromCsv = parseCsv(
        readFileSync(join(dir, 'from-csv', 'it.csv'), 'utf8').replace(/\n/g, '\r\n'),
        '\t',
      );
      expect(fromOds[0]!.slice(0, 3)).toEqual(['eventId', 'streamId', 'revision']);
      expect(fromOds.length).toBe(fromCsv.length);
      const [title, type] = ['data.title', 'type'].map((c) => fromCsv[0]!.indexOf(c)) as [
        number,
        number,
      ];
      const titles = (sheet: string[][]) =>
        sheet.filter((r) => r[type] === 'ContributionRecorded').map((r) => r[title]);
      // The CSV's cells keep their quote (text, never run); the .ods's are typed text as written.
      expect(titles(fromCsv)).toEqual(TRICKY.map((t) => `'${t}`));
      expect(titles(fromOds)).toEqual(TRICKY);
      // Accents, the separator, quotes and the line break inside one cell.
      const body = fromCsv.find((r) => r[type] === 'ContributionRecorded')![
        fromCsv[0]!.indexOf('data.body')
      ]!;
      expect(body.replace(/\r\n/g, '\n')).toBe(
        'Più servizi; "serali", per le famiglie.\nSeconda riga.',
      );
    },
    180_000,
  );

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
