/** Which URLs the web application answers: its pages, never the API's paths. */
import { isWebAppPath, securityHeaders } from '../observability/security-headers.js';

describe('the web application’s paths', () => {
  it.each([
    '/',
    '/triennio/varese-2025-2027/piano',
    '/ambito/varese?x=1',
    '/accedi',
    '/favicon.ico',
  ])('%s is a page of the web application', (url) => expect(isWebAppPath(url)).toBe(true));

  it.each([
    '/api/v1/ambiti',
    '/api',
    '/docs',
    '/docs/',
    '/docs-json',
    '/health/live',
    '/metrics',
    '/assets/index.js',
    undefined,
  ])('%s is never answered by it', (url) => expect(isWebAppPath(url)).toBe(false));

  it('gives pages a same-origin CSP and API answers the CSP that allows nothing', () => {
    const csp = (url: string) =>
      securityHeaders(url).find(([name]) => name.toLowerCase() === 'content-security-policy')?.[1];
    expect(csp('/triennio/varese-2025-2027')).toContain("script-src 'self'");
    expect(csp('/api/v1/triennia/varese-2025-2027')).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
  });
});
