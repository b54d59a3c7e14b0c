import { describe, expect, it } from '@jest/globals';
import {
  checkCharacterOf,
  codiceFiscalePersonaProblem,
  isValidCodiceFiscalePersona,
  normalizeCodiceFiscalePersona,
  withoutOmocodia,
} from './codice-fiscale-persona.js';
import { codiceFiscaleProblem } from './codice-fiscale.js';

describe('codice fiscale of a person (16 characters, check character, omocodia)', () => {
  it.each(['RSSMRA85T10A562S', 'RSSMRA75C22H501I', 'CCCFBA85D03L219P'])(
    'accepts the known code %s',
    (cf) => {
      expect(isValidCodiceFiscalePersona(cf)).toBe(true);
      expect(codiceFiscalePersonaProblem(cf)).toBeNull();
    },
  );

  it('refuses a wrong check character, saying which one it should be', () => {
    expect(isValidCodiceFiscalePersona('RSSMRA85T10A562T')).toBe(false);
    expect(codiceFiscalePersonaProblem('RSSMRA85T10A562T')).toMatch(
      /check character .* should be S/,
    );
  });

  it.each([
    'CCCFBA85D03L21VE',
    'CCCFBA85D03L2MVP',
    'CCCFBA85D03LNMVE',
    'CCCFBA85D0PLNMVA',
    'CCCFBA85DLPLNMVL',
    'CCCFBA8RDLPLNMVX',
    'CCCFBAURDLPLNMVU',
    'RSSMRA75C22H50MA',
  ])('accepts the omocode %s (digits replaced by L…V, its own check character)', (cf) => {
    expect(codiceFiscalePersonaProblem(cf)).toBeNull();
  });

  it('an omocode stands for the same person as the original code', () => {
    expect(withoutOmocodia('CCCFBAURDLPLNMVU').slice(0, 15)).toBe('CCCFBA85D03L219');
    expect(checkCharacterOf('CCCFBA85D03L21V')).toBe('E');
  });

  it.each(['CCCFBA85D03L219B', 'CCCFBA85D03L21VP', 'RSSMRA75C22H50MI'])(
    'refuses %s: wrong check character (an omocode keeps no check of the original)',
    (cf) => {
      expect(codiceFiscalePersonaProblem(cf)).toMatch(/check character .* should be/);
    },
  );

  it('refuses a letter outside LMNPQRSTUV in a numeric position, and an impossible month or day', () => {
    const withK = 'RSSMRA85T10A56K';
    expect(codiceFiscalePersonaProblem(withK + checkCharacterOf(withK))).toMatch(
      /expected 6 letters/,
    );
    const monthF = 'RSSMRA85F10A562';
    expect(codiceFiscalePersonaProblem(monthF + checkCharacterOf(monthF))).toMatch(/month letter/);
    const day35 = 'RSSMRA85T35A562';
    expect(codiceFiscalePersonaProblem(day35 + checkCharacterOf(day35))).toMatch(/day of birth/);
  });

  it.each([
    ['RSSMRA85T10A562', 15],
    ['RSSMRA85T10A562SS', 17],
    ['', 0],
  ])('refuses %p: wrong length', (cf, length) => {
    expect(codiceFiscalePersonaProblem(cf)).toMatch(
      new RegExp(`exactly 16 characters \\(it has ${length}\\)`),
    );
  });

  it('normalises lower case and surrounding spaces before checking', () => {
    expect(codiceFiscalePersonaProblem(' rssmra85t10a562s ')).toBeNull();
    expect(normalizeCodiceFiscalePersona(' rssmra85t10a562s ')).toBe('RSSMRA85T10A562S');
  });

  it.each([null, undefined, 42, {}])('refuses the non-string %p', (value) => {
    expect(codiceFiscalePersonaProblem(value)).toMatch(/string of 16 characters/);
  });

  it("is not an ente's codice fiscale, and an ente's is not a person's", () => {
    expect(codiceFiscaleProblem('RSSMRA85T10A562S')).toMatch(/person/);
    expect(codiceFiscalePersonaProblem('00488410010')).toMatch(/exactly 16 characters/);
  });
});
