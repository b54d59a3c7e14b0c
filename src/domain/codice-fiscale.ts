/**
 * The codice fiscale of an ente: 11 digits whose last one is the check digit of the partita IVA
 * algorithm (the "Luhn-like" rule of the Agenzia delle Entrate). The 16-character personal codes
 * of natural persons are not codici fiscali of enti and are refused.
 *
 *   odd positions (1st, 3rd, … 9th): the digit as it is;
 *   even positions (2nd, 4th, … 10th): the digit doubled, minus 9 when over 9;
 *   check digit = (10 − sum mod 10) mod 10.
 */
const ELEVEN_DIGITS = /^[0-9]{11}$/;
const TEN_DIGITS = /^[0-9]{10}$/;

function checkDigitOf(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = first10.charCodeAt(i) - 48;
    if (i % 2 === 0) sum += d;
    else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidCodiceFiscale(s: unknown): s is string {
  return (
    typeof s === 'string' && ELEVEN_DIGITS.test(s) && checkDigitOf(s) === s.charCodeAt(10) - 48
  );
}

/** Appends the check digit to 10 digits: `withCheckDigit('0048841001')` is `'00488410010'`. */
export function withCheckDigit(first10digits: string): string {
  if (!TEN_DIGITS.test(first10digits)) {
    throw new Error(`withCheckDigit needs exactly 10 digits, got "${first10digits}"`);
  }
  return first10digits + String(checkDigitOf(first10digits));
}

/** Why a value is not a codice fiscale of an ente, as a sentence for the client (null when valid). */
export function codiceFiscaleProblem(s: unknown): string | null {
  if (typeof s !== 'string') return 'A codice fiscale must be a string of 11 digits.';
  if (/^[A-Za-z0-9]{16}$/.test(s)) {
    return `"${s}" looks like the 16-character codice fiscale of a person; an ente is identified by its 11-digit codice fiscale (partita IVA format).`;
  }
  if (!ELEVEN_DIGITS.test(s))
    return `"${s}" is not a codice fiscale of an ente: it must be exactly 11 digits.`;
  if (!isValidCodiceFiscale(s)) {
    return `"${s}" is not a valid codice fiscale: its check digit (the last one) should be ${checkDigitOf(s)}.`;
  }
  return null;
}
