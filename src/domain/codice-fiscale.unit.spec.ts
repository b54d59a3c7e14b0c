import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { codiceFiscaleProblem, isValidCodiceFiscale, withCheckDigit } from './codice-fiscale.js';

describe('codice fiscale of an ente (partita IVA check digit)', () => {
  it.each(['00488410010', '12345678903'])('accepts %s', (cf) => {
    expect(isValidCodiceFiscale(cf)).toBe(true);
    expect(codiceFiscaleProblem(cf)).toBeNull();
  });

  it.each([
    ['00488410011', 'wrong check digit'],
    ['00488410020', 'one digit changed'],
    ['10488410010', 'first digit changed'],
    ['12345678900', 'wrong check digit'],
    ['0048841001', '10 digits'],
    ['004884100100', '12 digits'],
    ['RSSMRA80A01L682X', 'a 16-character personal code'],
    ['0048841001A', 'a letter'],
    ['00488 410010', 'a space'],
    [' 00488410010', 'a leading space'],
    ['', 'empty'],
  ])('refuses %s (%s)', (cf) => {
    expect(isValidCodiceFiscale(cf)).toBe(false);
    expect(codiceFiscaleProblem(cf)).toEqual(expect.any(String));
  });

  it.each([null, undefined, 488410010, {}])('refuses the non-string %p', (value) => {
    expect(isValidCodiceFiscale(value)).toBe(false);
    expect(codiceFiscaleProblem(value)).toMatch(/string of 11 digits/);
  });

  it('explains each kind of mistake in words a client developer can act on', () => {
    expect(codiceFiscaleProblem('RSSMRA80A01L682X')).toMatch(/person.*11-digit/);
    expect(codiceFiscaleProblem('0048841001')).toMatch(/exactly 11 digits/);
    expect(codiceFiscaleProblem('00488410011')).toMatch(/check digit .* should be 0/);
  });

  it('withCheckDigit completes 10 digits into a valid code', () => {
    expect(withCheckDigit('0048841001')).toBe('00488410010');
    expect(withCheckDigit('1234567890')).toBe('12345678903');
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{10}$/), (ten) => {
        const cf = withCheckDigit(ten);
        expect(cf.startsWith(ten)).toBe(true);
        expect(isValidCodiceFiscale(cf)).toBe(true);
      }),
    );
  });

  it('detects every single-digit change of a valid code', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{10}$/),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (ten, position, shift) => {
          const cf = withCheckDigit(ten);
          const changed = String((Number(cf[position]) + shift) % 10);
          const typo = cf.slice(0, position) + changed + cf.slice(position + 1);
          expect(isValidCodiceFiscale(typo)).toBe(false);
        },
      ),
    );
  });

  it('withCheckDigit refuses anything but 10 digits', () => {
    expect(() => withCheckDigit('123')).toThrow(/exactly 10 digits/);
    expect(() => withCheckDigit('12345678901')).toThrow(/exactly 10 digits/);
    expect(() => withCheckDigit('12345abcde')).toThrow(/exactly 10 digits/);
  });
});
