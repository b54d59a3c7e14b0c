/**
 * Security headers (helmet) on every answer. helmet's default CSP already allows what the
 * OpenAPI UI at /docs needs (its scripts and stylesheet are same-origin files; its inline
 * <style> is covered by style-src 'unsafe-inline'); `upgrade-insecure-requests` is dropped
 * because the embedded default serves plain HTTP and browsers would otherwise rewrite the
 * UI's own requests to https.
 */
import helmet from 'helmet';

export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: { 'upgrade-insecure-requests': null },
    },
  });
}
