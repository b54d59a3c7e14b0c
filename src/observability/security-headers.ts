/**
 * Security headers (helmet) on every answer, in two sets worked out once:
 *
 * - **API answers** (JSON, problem+json, exports, the live stream, metrics): what OWASP's REST
 *   Security Cheat Sheet asks of responses that are never rendered as a page. A CSP that allows
 *   nothing and no framing (`default-src 'none'; frame-ancestors 'none'`, `X-Frame-Options: DENY`),
 *   `nosniff`, HSTS, `Referrer-Policy` and CORP. helmet's document-only headers (COOP,
 *   Origin-Agent-Cluster, DNS prefetch, IE download options, Flash/PDF cross-domain policies, the
 *   XSS auditor switch) are left off: they protect nothing on an answer no browser renders, and
 *   every dashboard poll would carry their ~600 bytes (the public answers are ~300 bytes of JSON).
 * - **The OpenAPI UI** (`/docs`, `/api/v1/docs` and their assets) **and the web application's pages**
 *   (every path outside the API, src/http/web-app.ts): helmet's defaults for pages, whose CSP
 *   allows what they need (same-origin scripts, stylesheets and fetches, inline styles), minus
 *   `upgrade-insecure-requests`: the embedded default serves plain HTTP and browsers would
 *   otherwise rewrite the pages' own requests to https.
 */
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasCredentials } from '../auth/session-cookie.js';

type HeaderPairs = ReadonlyArray<readonly [string, string]>;

const FOR_API: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  xFrameOptions: { action: 'deny' },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

const FOR_DOCUMENTS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: true, directives: { 'upgrade-insecure-requests': null } },
};

/** The headers helmet sets with `options`: with these options they are the same for every answer. */
function headersOf(options: HelmetOptions): HeaderPairs {
  const headers: Array<[string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let failure: unknown = null;
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      failure = error ?? null;
    },
  );
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}

const FOR_API_HEADERS = headersOf(FOR_API);
const FOR_DOCUMENTS_HEADERS = headersOf(FOR_DOCUMENTS);
const FOR_API_FLAT: readonly string[] = FOR_API_HEADERS.flatMap(([name, value]) => [name, value]);

/** The OpenAPI UI's pages and assets; not `/docs-json`, which is JSON. */
export function isDocumentPath(url: string | undefined): boolean {
  return url !== undefined && /^\/(api\/v1\/)?docs(\/|\?|$)/.test(url);
}

/** Paths the web application never answers: the API, its documents, health, metrics, bundles. */
const NOT_THE_WEB_APP = /^\/(api|docs|docs-json|health|metrics|assets)(\/|\?|$)/;

/** True for a URL of the web application's pages (src/http/web-app.ts). */
export function isWebAppPath(url: string | undefined): boolean {
  return url !== undefined && url.startsWith('/') && !NOT_THE_WEB_APP.test(url);
}

/** The security headers of an answer to `url`: the page set for pages, else the API set. */
export function securityHeaders(url?: string): HeaderPairs {
  return isDocumentPath(url) || isWebAppPath(url) ? FOR_DOCUMENTS_HEADERS : FOR_API_HEADERS;
}

/** The API set as a flat name/value list, for answers written with one `writeHead`. */
export function apiSecurityHeaderList(): readonly string[] {
  return FOR_API_FLAT;
}

/**
 * Sets the security headers of the answer to `req` on its Node response (routed, refused by the
 * router, hijacked). An answer to a caller with a token may hold what only that caller may see
 * (contact persons' names and e-mails, for an ambito's admin): `Cache-Control: no-store`, so that
 * no browser keeps it on a shared office computer (OWASP REST Security Cheat Sheet). Anonymous
 * answers are public; shared caches never reuse an answer to a request with a token anyway.
 */
export function setSecurityHeaders(
  req: Pick<IncomingMessage, 'url' | 'headers'>,
  res: ServerResponse,
): void {
  for (const [name, value] of securityHeaders(req.url)) res.setHeader(name, value);
  if (hasCredentials(req.headers)) res.setHeader('Cache-Control', 'no-store');
}
