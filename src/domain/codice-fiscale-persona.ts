/**
 * The codice fiscale of a natural person (DM 23/12/1976): 16 characters, validated with its
 * check character. Layout, 0-based:
 *
 *   0-5 surname and name letters · 6-7 year · 8 month letter (ABCDEHLMPRST) · 9-10 day (+40 for
 *   women) · 11-14 Belfiore code of the comune or foreign state (letter + 3 digits) · 15 check.
 *
 * Omocodia: when two people would get the same code, the Agenzia delle Entrate replaces digits of
 * the numeric positions (6, 7, 9, 10, 12, 13, 14), from the right, with L M N P Q R S T U V
 * (0…9); the check character is computed on the code as issued, letters included, so both the
 * original and every omocode carry their own valid check character.
 */
const OMOCODIA = 'LMNPQRSTUV';
const NUMERIC_POSITIONS = [6, 7, 9, 10, 12, 13, 14];
const MONTHS = 'ABCDEHLMPRST';
const SHAPE =
  /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/** Values of characters in odd positions (1st, 3rd, … counting from 1): the official table. */
const ODD: Record<string, number> = {
  '0': 1,
  '1': 0,
  '2': 5,
  '3': 7,
  '4': 9,
  '5': 13,
  '6': 15,
  '7': 17,
  '8': 19,
  '9': 21,
  A: 1,
  B: 0,
  C: 5,
  D: 7,
  E: 9,
  F: 13,
  G: 15,
  H: 17,
  I: 19,
  J: 21,
  K: 2,
  L: 4,
  M: 18,
  N: 20,
  O: 11,
  P: 3,
  Q: 6,
  R: 8,
  S: 12,
  T: 14,
  U: 16,
  V: 10,
  W: 22,
  X: 25,
  Y: 24,
  Z: 23,
};

/** Even positions: digits are their value, letters their place in the alphabet (A = 0). */
function evenValue(c: string): number {
  const code = c.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 65;
}

/** The check character of the first 15 characters (upper case). */
export function checkCharacterOf(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = first15[i]!;
    sum += i % 2 === 0 ? ODD[c]! : evenValue(c);
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** The code with omocodia letters turned back into digits (the check character kept). */
export function withoutOmocodia(cf: string): string {
  const chars = [...cf];
  for (const i of NUMERIC_POSITIONS) {
    const k = OMOCODIA.indexOf(chars[i]!);
    if (k >= 0) chars[i] = String(k);
  }
  return chars.join('');
}

/** Upper case, without surrounding spaces: how a person's code is compared and stored. */
export function normalizeCodiceFiscalePersona(s: string): string {
  return s.trim().toUpperCase();
}

/**
 * Why a value is not a person's codice fiscale, as a sentence for the client (null when valid).
 * The sentence never quotes the value: it is personal data, and refusals may be logged.
 */
export function codiceFiscalePersonaProblem(s: unknown): string | null {
  if (typeof s !== 'string') return 'A personal codice fiscale must be a string of 16 characters.';
  const cf = normalizeCodiceFiscalePersona(s);
  if (cf.length !== 16) {
    return `Not a personal codice fiscale: it must be exactly 16 characters (it has ${cf.length}).`;
  }
  if (!SHAPE.test(cf)) {
    return `Not a personal codice fiscale: expected 6 letters, 2 digits, a month letter (${MONTHS}), 2 digits, a letter, 3 digits and the check letter.`;
  }
  const plain = withoutOmocodia(cf);
  const day = Number(plain.slice(9, 11));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) {
    return `Not a personal codice fiscale: the day of birth (characters 10-11) must be 01-31, or 41-71 for women.`;
  }
  const expected = checkCharacterOf(cf);
  if (cf[15] !== expected) {
    return `Not a valid personal codice fiscale: its check character (the last one) should be ${expected}.`;
  }
  return null;
}

export function isValidCodiceFiscalePersona(s: unknown): s is string {
  return codiceFiscalePersonaProblem(s) === null;
}
