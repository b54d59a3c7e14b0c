/**
 * The web application as a citizen's browser meets it (section `web` of `npm run bench`): the
 * JavaScript a public page loads, gzip-compressed (target: under 250 KB), and the public
 * triennium page's time to content with the Varese demo loaded: from navigation start until its
 * counts are on screen, by Playwright in Debian's Chromium, median of cold-cache runs (a new
 * browser context each run).
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { runDemo } from '../scripts/demo.js';
import { BENCH_JWT_SECRET, startServer } from './lib/server.js';

/** Debian's Chromium here; CHROMIUM_PATH elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PAGE = '/triennio/varese-2025-2027';

export interface WebFigures {
  runs: number;
  /** JavaScript the triennium page loads (every script response), gzip level 9, bytes. */
  scriptBytesGzip: number;
  scriptBytesRaw: number;
  scripts: number;
  /** performance.now() when the counts are rendered, per run, ms. */
  timeToContentMs: number[];
  medianTimeToContentMs: number;
  /** The navigation's domContentLoadedEventEnd, per run, ms. */
  domContentLoadedMs: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function webBenchAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export async function benchWeb(runs: number, log: (line: string) => void): Promise<WebFigures> {
  const server = await startServer();
  try {
    await runDemo(
      {
        LEDGER_URL: server.url,
        LEDGER_JWT_SECRET: BENCH_JWT_SECRET,
        LEDGER_DATA_DIR: server.dataDir,
      },
      () => undefined,
    );
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      const timeToContentMs: number[] = [];
      const domContentLoadedMs: number[] = [];
      let scriptBytesGzip = 0;
      let scriptBytesRaw = 0;
      let scripts = 0;
      for (let run = 0; run < runs; run++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const bodies: Promise<Buffer>[] = [];
        if (run === 0)
          page.on('response', (r) => {
            if (r.request().resourceType() === 'script') bodies.push(r.body());
          });
        await page.goto(server.url + PAGE);
        // Run in the page (a function, not a string: the page's CSP forbids eval); this file is
        // compiled without the DOM's types, hence the casts.
        const rendered = await page.waitForFunction(
          () =>
            (
              globalThis as unknown as { document: { querySelector(s: string): unknown } }
            ).document.querySelector('[data-count="contributions"]') !== null && performance.now(),
          undefined,
          { polling: 'raf', timeout: 30_000 },
        );
        timeToContentMs.push(Math.round((await rendered.jsonValue()) as number));
        domContentLoadedMs.push(
          Math.round(
            await page.evaluate(
              () =>
                (
                  performance.getEntriesByType('navigation' as never)[0] as unknown as {
                    domContentLoadedEventEnd: number;
                  }
                ).domContentLoadedEventEnd,
            ),
          ),
        );
        if (run === 0) {
          for (const body of await Promise.all(bodies)) {
            scripts++;
            scriptBytesRaw += body.length;
            scriptBytesGzip += gzipSync(body, { level: 9 }).length;
          }
        }
        await context.close();
      }
      const figures = {
        runs,
        scriptBytesGzip,
        scriptBytesRaw,
        scripts,
        timeToContentMs,
        medianTimeToContentMs: median(timeToContentMs),
        domContentLoadedMs,
      };
      log(
        `  ${PAGE}: ${scripts} scripts, ${(scriptBytesGzip / 1024).toFixed(1)} KB gzip (${(scriptBytesRaw / 1024).toFixed(1)} KB raw); time to content ${timeToContentMs.join(', ')} ms, median ${figures.medianTimeToContentMs} ms`,
      );
      return figures;
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
  }
}
