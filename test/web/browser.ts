/**
 * What every browser suite shares: Debian's Chromium (CHROMIUM_PATH elsewhere), the flags this
 * closed network needs, and `describeBrowser`, which runs the suite, fails it in CI when Chromium
 * is missing (the browser suites must run there), and otherwise skips it saying why.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps dialling hosts this machine cannot reach.
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function describeBrowser(name: string, fn: () => void): void {
  if (existsSync(CHROMIUM)) return describe(name, fn);
  const why = `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium (required in CI)', () => {
        throw new Error(`${why}: the browser suites must run in CI.`);
      });
    });
    return;
  }
  console.warn(`[skipped] ${name}: ${why}`);
  // The reason is in the suite's title too, so jest's own report of the skip says why.
  describe.skip(`${name} [skipped: ${why}]`, fn);
}
