import { strFromU8, unzipSync } from 'fflate';
import type { StoredEvent } from '../event-store/event-store.port.js';
import {
  FIXED_COLUMNS,
  SpreadsheetColumns,
  guardFormula,
  spreadsheetCell,
  spreadsheetHeader,
  spreadsheetLine,
  spreadsheetRow,
} from './spreadsheet.js';
import { OdsStream } from './ods.js';

const event = (
  data: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): StoredEvent => ({
  eventId: 'e1',
  streamId: 'triennium-varese-2025-2027',
  revision: 3n,
  position: 41n,
  type: 'PlanApproved',
  schemaVersion: 1,
  data,
  metadata: {
    occurredAt: '2026-01-31T12:00:00.000Z',
    ambitoId: 'varese',
    trienniumId: 'varese-2025-2027',
    actor: { sub: 'ufficio@varese', role: 'admin', ambito: 'varese' },
    commandId: 'c1',
    correlationId: 'k1',
    causationId: 'c1',
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
    ...extra,
  },
});

describe('spreadsheet rows', () => {
  it('given nested data, when flattened, then objects become dotted columns and lists of objects are numbered from 1', () => {
    const row = spreadsheetRow(
      event(
        {
          approvedOn: '2026-01-30',
          signatories: ['Sindaco di Varese', 'Sindaco di Malnate'],
          objectives: [
            { code: 'OB1', contributionIds: ['a', 'b'] },
            { code: 'OB2', contributionIds: [] },
          ],
          document: { sha256: 'ab', pages: 12 },
          empty: {},
          missing: null,
        },
        { resultId: 'r1' },
      ),
    );
    expect(Object.fromEntries(row)).toMatchObject({
      revision: '3',
      position: '41',
      'actor.sub': 'ufficio@varese',
      'actor.ambito': 'varese',
      'metadata.resultId': 'r1',
      'data.approvedOn': '2026-01-30',
      'data.signatories': 'Sindaco di Varese, Sindaco di Malnate',
      'data.objectives.1.code': 'OB1',
      'data.objectives.1.contributionIds': 'a, b',
      'data.objectives.2.contributionIds': '',
      'data.document.pages': '12',
      'data.empty': '',
      'data.missing': '',
    });
  });

  it('given events of different shapes, then the header names every column once, fixed ones first', () => {
    const columns = new SpreadsheetColumns();
    const a = spreadsheetRow(event({ title: 'x' }));
    const b = spreadsheetRow(event({ title: 'y', body: 'z' }));
    columns.add(a);
    columns.add(b);
    expect(columns.list).toEqual([...FIXED_COLUMNS, 'data.title', 'data.body']);
    expect(spreadsheetLine(a, columns.list, ';').split(';')).toHaveLength(columns.list.length);
    expect(spreadsheetHeader(['a', 'b'], ';')).toBe('\uFEFFa;b\r\n');
  });
});

describe('OWASP CSV-injection guard', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+39 0332', "'+39 0332"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
  ])('given a cell %j, then it is prefixed with a quote', (value, guarded) => {
    expect(guardFormula(value)).toBe(guarded);
  });

  it.each(['-3', '-3.5', '+7', 'Domiciliarità', 'a=b', ''])(
    'given %j, a number or text that no spreadsheet runs, then it is left as it is',
    (value) => expect(guardFormula(value)).toBe(value),
  );

  it('given the separator, a quote or a line break in a cell, then the cell is quoted (RFC 4180)', () => {
    expect(spreadsheetCell('a;b', ';')).toBe('"a;b"');
    expect(spreadsheetCell('a,b', ';')).toBe('a,b');
    expect(spreadsheetCell('a,b', ',')).toBe('"a,b"');
    expect(spreadsheetCell('"sì"', ',')).toBe('"""sì"""');
    expect(spreadsheetCell('riga\nriga', ',')).toBe('"riga\nriga"');
    expect(spreadsheetCell('=A1;B1', ';')).toBe('"\'=A1;B1"');
  });
});

describe('.ods writer', () => {
  it('given markup, control characters and long numbers, then content.xml stays well-formed and exact', () => {
    const ods = new OdsStream('varese-2025-2027', new Set([1, 2]));
    ods.row(['<b>&"x"</b>', '42', '1234567890123456']);
    ods.row(['a\u0001b\u000bc', '', '7']);
    const head = ods.take();
    ods.end();
    const files = unzipSync(new Uint8Array(Buffer.concat([head, ods.take()])));
    const xml = strFromU8(files['content.xml']!);
    expect(xml).toContain('<text:p>&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;</text:p>');
    expect(xml).toContain('office:value-type="float" office:value="42"');
    // Past 15 digits a spreadsheet would round it: text.
    expect(xml).toContain(
      '<table:table-cell office:value-type="string"><text:p>1234567890123456</text:p>',
    );
    expect(xml).toContain('<text:p>abc</text:p></table:table-cell><table:table-cell/>');
    expect(xml.endsWith('</office:document-content>')).toBe(true);
  });
});
