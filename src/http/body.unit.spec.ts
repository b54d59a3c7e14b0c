import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../domain/errors.js';
import { duplicateKeyOf, parseJsonBody, textProblem } from './body.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

function refusal(raw: Buffer | string, arrayMaxItems?: number): DomainError {
  try {
    parseJsonBody(
      JSON_HEADERS,
      typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw,
      arrayMaxItems,
    );
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`accepted: ${String(raw)}`);
}

describe('the body reader refuses text no store or verifier can keep as it is', () => {
  it.each([
    ['a NUL', '{"title":"nul\\u0000byte"}', 'title', /U\+0000/],
    ['BEL, escaped', '{"title":"bell\\u0007"}', 'title', /U\+0007/],
    ['ESC', '{"title":"\\u001b[31mred"}', 'title', /U\+001B/],
    ['DEL', '{"a":{"b":"x\\u007f"}}', 'a.b', /U\+007F/],
    ['a C1 control (NEL)', '{"list":["ok","x\\u0085"]}', 'list[1]', /U\+0085/],
    ['a lone high surrogate', '{"title":"lone\\ud800x"}', 'title', /lone surrogate \(U\+D800\)/],
    ['a lone low surrogate', '{"title":"\\udc00"}', 'title', /lone surrogate/],
    ['a reversed pair', '{"t":"\\ude00\\ud83d"}', 't', /lone surrogate/],
    ['a control in a key', '{"na\\u0000me":"x"}', 'na\u0000me', /\(a key\).*U\+0000/],
    ['a lone surrogate in a key', '{"\\ud800":1}', '\ud800', /lone surrogate/],
    ['a noncharacter (U+FFFE)', '{"t":"x\\ufffe"}', 't', /noncharacter U\+FFFE/],
    ['a noncharacter (U+FDD0)', '{"t":"\ufdd0"}', 't', /noncharacter U\+FDD0/],
    ['a noncharacter (U+10FFFF)', '{"t":"\\udbff\\udfff"}', 't', /noncharacter U\+10FFFF/],
  ])('%s: 400 VALIDATION_FAILED naming the field', (_, raw, field, message) => {
    const error = refusal(raw);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it('accepts tab, newline and CR (multi-line fields; DTOs refuse them in one-line fields), and pairs', () => {
    const body = parseJsonBody(
      JSON_HEADERS,
      Buffer.from(
        '{"body":"a\\tb\\r\\nc","emoji":"😀 \\ud83d\\ude00","it":"àèìòù €","bom":"\\ufeff\\udbff\\udffd"}',
      ),
    );
    expect(body).toEqual({
      body: 'a\tb\r\nc',
      emoji: '😀 😀',
      it: 'àèìòù €',
      bom: '\ufeff\u{10fffd}',
    });
  });

  it.each([
    ['a lone continuation byte', [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d]],
    ['a truncated sequence', [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d]],
    ['an overlong NUL', [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0x80, 0x22, 0x7d]],
    ['an encoded surrogate', [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]],
  ])('invalid UTF-8 (%s): 400, never stored as U+FFFD', (_, bytes) => {
    const error = refusal(Buffer.from(bytes));
    expect(error.errors).toEqual([{ field: 'body', message: 'is not valid UTF-8' }]);
  });

  it.each(['{"x":1e309}', '{"a":[1,{"b":-1e400}]}'])(
    'a number JSON.parse turns into Infinity (%s): 400',
    (raw) => {
      const error = refusal(raw);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.errors?.[0]?.message).toMatch(/too large/);
    },
  );

  it('an array longer than the cap, anywhere: 400 naming it, whatever its items', () => {
    const raw = JSON.stringify({ plan: { objectives: Array.from({ length: 1001 }, () => ({})) } });
    expect(refusal(raw).errors).toEqual([
      { field: 'plan.objectives', message: 'lists 1001 items; at most 1000 are accepted' },
    ]);
    expect(refusal('{"a":[1,2,3]}', 2).errors?.[0]?.field).toBe('a');
    expect(parseJsonBody(JSON_HEADERS, Buffer.from('{"a":[1,2]}'), 2)).toEqual({ a: [1, 2] });
  });

  it('100,000 empty objects are refused at once, in a few milliseconds', () => {
    const raw = JSON.stringify({ objectives: Array.from({ length: 100_000 }, () => ({})) });
    const started = performance.now();
    expect(refusal(raw).errors?.[0]?.field).toBe('objectives');
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('a key given twice in one object', () => {
  it.each([
    ['at the top', '{"codiceFiscale":"1","name":"x","codiceFiscale":"2"}', 'codiceFiscale'],
    ['nested', '{"contact":{"email":"a","email":"b"}}', 'contact.email'],
    ['in an array item', '{"o":[{"c":1},{"c":1,"t":2,"c":3}]}', 'o[1].c'],
    ['written once escaped', '{"name":"a","n\\u0061me":"b"}', 'name'],
    ['after whitespace', '{ "a" : 1 ,\n "a"\t: 2 }', 'a'],
  ])('%s: 400 naming it', (_, raw, field) => {
    expect(duplicateKeyOf(raw)).toBe(field);
    expect(refusal(raw).errors).toEqual([
      { field, message: expect.stringMatching(/more than once/) },
    ]);
  });

  it.each([
    '{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}',
    '{"a":"\\"a\\":","b":"x\\\\","c":"{\\"a\\":1,\\"a\\":2}"}',
    '{"a":["a","a"],"b":{"c":{}},"d":[[],[{}]]}',
  ])('the same key in different objects, or inside string values, is no duplicate: %s', (raw) => {
    expect(duplicateKeyOf(raw)).toBeNull();
    expect(parseJsonBody(JSON_HEADERS, Buffer.from(raw))).toEqual(JSON.parse(raw));
  });

  it('is found in one linear pass over a large body', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({
      code: `OB-${i}`,
      title: 'x'.repeat(500),
    }));
    const raw = JSON.stringify({ objectives: items }).replace(/}]}$/, ',"code":"again"}]}');
    const started = performance.now();
    expect(duplicateKeyOf(raw)).toBe('objectives[999].code');
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('textProblem', () => {
  it('names the first character that is not text, by code point and position', () => {
    expect(textProblem('ok')).toBeNull();
    expect(textProblem('ab\u0000')).toMatch(/U\+0000 at character 3/);
    expect(textProblem('😀\ud800')).toMatch(/U\+D800\) at character 3/);
  });
});
