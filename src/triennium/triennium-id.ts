/**
 * The one reading of a triennium id, `{ambitoId}-{start}-{start+2}` (`varese-2025-2027`), for the
 * write side, the reads and integrity alike: the ambito id a slug of at most 64 characters, the
 * last year two after the first. An id that fails it names no triennium (a 404 where it is asked).
 */
import { AMBITO_ID_MAX } from '../domain/validation.js';

const TRIENNIUM_ID = /^([a-z0-9]+(?:-[a-z0-9]+)*)-(\d{4})-(\d{4})$/;
/** `-YYYY-YYYY` after the ambito id. */
const YEARS_LENGTH = 10;

export interface TrienniumIdParts {
  ambitoId: string;
  startYear: number;
  endYear: number;
}

export function parseTrienniumId(trienniumId: string): TrienniumIdParts | null {
  // Length first: nothing longer can be one, and the pattern never sees a huge string.
  if (trienniumId.length > AMBITO_ID_MAX + YEARS_LENGTH) return null;
  const m = TRIENNIUM_ID.exec(trienniumId);
  if (!m) return null;
  const startYear = Number(m[2]);
  const endYear = Number(m[3]);
  if (endYear !== startYear + 2) return null;
  return { ambitoId: m[1]!, startYear, endYear };
}

/** The ambito of a triennium id (`varese-2025-2027` → `varese`), or null when it cannot be one. */
export function ambitoOfTriennium(trienniumId: string): string | null {
  return parseTrienniumId(trienniumId)?.ambitoId ?? null;
}
