/**
 * Security headers (helmet) on every answer. helmet's default CSP already allows what the
 * OpenAPI UI at /docs needs (its scripts and stylesheet are same-origin files; its inline
 * <style> is covered by style-src 'unsafe-inline'); `upgrade-insecure-requests` is dropped
 * because the embedded default serves plain HTTP and browsers would otherwise rewrite the
 * UI's own requests to https.
 */
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

let computed: ReadonlyArray<readonly [string, string]> | null = null;

/**
 * helmet's headers, worked out once: with this configuration they are the same for every answer,
 * so the hook copies a list instead of running helmet's dozen middlewares per request.
 */
export function securityHeaders(): ReadonlyArray<readonly [string, string]> {
  const headers: Array<[string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => void headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let failure: unknown = null;
  helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: { 'upgrade-insecure-requests': null },
    },
  })({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error ?? null;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}

/** helmet's headers as a flat name/value list, for answers written with one `writeHead`. */
export function securityHeaderList(): string[] {
  computed ??= securityHeaders();
  return computed.flatMap(([name, value]) => [name, value]);
}

/** Sets helmet's headers on a Node response (every answer: routed, refused by the router, hijacked). */
export function setSecurityHeaders(res: ServerResponse): void {
  computed ??= securityHeaders();
  for (const [name, value] of computed) res.setHeader(name, value);
}
