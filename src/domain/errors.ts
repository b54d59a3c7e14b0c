/**
 * Refusals of the domain, each with the stable machine-readable code of API.md.
 * Deciders throw DomainError; the HTTP edge maps `status` and `code` to problem+json.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_CODICE_FISCALE: 400,
  UNKNOWN_CONTRIBUTION: 400,
  UNKNOWN_SIGNATORY: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  AMBITO_EXISTS: 409,
  TRIENNIUM_EXISTS: 409,
  CALL_CLOSED: 409,
  DUPLICATE_REGISTRATION: 409,
  INELIGIBLE_CATEGORY: 409,
  ALREADY_DECIDED: 409,
  NOT_A_MEMBER: 409,
  NOT_ADMITTED: 409,
  ALREADY_MEMBER: 409,
  /** A citizen with the same personal codice fiscale is already a participant of the triennium. */
  DUPLICATE_PARTICIPANT: 409,
  /** A citizen or informal group joining a tavolo convened for enti only. */
  TAVOLO_NOT_OPEN_TO_CITIZENS: 409,
  PLAN_ALREADY_APPROVED: 409,
  /** A soccorso istruttorio already awaits the ente's answer (src/triennium/calls/istruttoria.decide.ts). */
  SOCCORSO_PENDING: 409,
  /** An answer to a soccorso istruttorio none awaits. */
  NO_SOCCORSO: 409,
  /** An answer to a soccorso istruttorio after its deadline. */
  SOCCORSO_DEADLINE_PASSED: 409,
  /** A preavviso di rigetto awaits its answer: no exclusion (nor a second preavviso) yet. */
  PREAVVISO_WINDOW_OPEN: 409,
  /** An answer to a preavviso di rigetto none awaits. */
  NO_PREAVVISO: 409,
  /** An answer to a preavviso di rigetto after its window closed. */
  PREAVVISO_WINDOW_CLOSED: 409,
  /** An objective cites a contribution non accolto or rinviato alla fase attuativa. */
  CONTRIBUTION_NOT_ACCEPTED: 409,
  /** An objective cites a contribution without an esito, in a triennium that records them. */
  CONTRIBUTION_WITHOUT_ESITO: 409,
  /** A new version of the plan before the plan itself was approved. */
  PLAN_NOT_APPROVED: 409,
  /** A version changes or withdraws an objective that is not in force. */
  UNKNOWN_OBJECTIVE: 400,
  /** A version adds an objective with a code the plan already had (codes name objectives across versions). */
  OBJECTIVE_CODE_TAKEN: 409,
  /** A change of an action's status to the status it already has. */
  ACTION_STATUS_UNCHANGED: 409,
  NOT_SEALED: 409,
  CONCURRENCY_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  TOO_MANY_LIVE_STREAMS: 429,
  EVENT_STORE_UNAVAILABLE: 503,
  PROJECTION_LAG: 503,
  LIVE_STREAMS_EXHAUSTED: 503,
  /** The JWKS of LEDGER_JWKS_URL cannot be fetched: the token may be fine, the check cannot run. */
  TOKEN_KEYS_UNAVAILABLE: 503,
  /** A projection stopped for this triennium at an event it cannot store (readiness names it). */
  PROJECTION_STOPPED: 503,
  /** The stream's hash chain does not verify: no write goes onto it (readiness names it). */
  CHAIN_BROKEN: 409,
  /** The event's content no longer gives its recorded hash: no proof is served for it. */
  EVENT_ALTERED: 409,
  /** Too many replays or integrity checks at once (per client or in total): retry after Retry-After. */
  SERVER_BUSY: 503,
  /** The account already holds this grant (src/accounts). */
  GRANT_EXISTS: 409,
  /** A sign-in link that was never issued (or was mistyped). */
  LOGIN_LINK_INVALID: 400,
  /** A sign-in link past its time (LEDGER_LOGIN_LINK_TTL). */
  LOGIN_LINK_EXPIRED: 410,
  /** A sign-in link already used once. */
  LOGIN_LINK_USED: 410,
  /** A cookie-authenticated write without the session's CSRF token, or from another origin. */
  CSRF_REFUSED: 403,
  /** An OpenID Connect sign-in that does not verify (state, nonce, code) or is not configured. */
  OIDC_REFUSED: 400,
  /** No data subject of that id in this ambito (src/personal-data). */
  SUBJECT_NOT_FOUND: 404,
  /** The subject's personal data was erased: nothing left to rectify or publish. */
  SUBJECT_ERASED: 409,
  /** The subject's data is inside hash-chained v1 events: rectify or publish only after ledger:copy --move-personal-data. */
  LEGACY_PERSONAL_DATA: 409,
  /** The ambito already keeps a document with these bytes (src/documents/). */
  DOCUMENT_EXISTS: 409,
  /** An upload whose bytes do not give the SHA-256 the client sent (Repr-Digest, Digest, ?sha256=). */
  DOCUMENT_HASH_MISMATCH: 422,
  /**
   * The stored bytes of a registered document are missing or no longer give its SHA-256: they are
   * never served. A fault of the server's storage, not of the request (not a bug's 500): uploading
   * the same bytes again repairs it.
   */
  DOCUMENT_CORRUPTED: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** At most this many field errors are listed in one refusal; `detail` says how many there were. */
export const MAX_LISTED_ERRORS = 100;

/** "3 problems; see errors", or, past the cap, "5000 problems; the first 100 are listed in errors". */
export function problemCount(total: number, listed: number): string {
  return total > listed
    ? `${total} problems; the first ${listed} are listed in errors`
    : `${total} problems; see errors`;
}

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = ERROR_STATUS[code];
  }
}
