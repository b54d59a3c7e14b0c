/**
 * The web application's API types are generated, not written: the committed
 * web/src/types/api.d.ts must be what `npm run web:types` makes from the OpenAPI document of the
 * build (`npm run build` first, as CI does: decorators' metadata differ under ts-jest).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('web/src/types/api.d.ts', () => {
  it('is what openapi-typescript makes of the ledger’s OpenAPI document (else: npm run web:types)', () => {
    const run = spawnSync(
      process.execPath,
      [join('dist', 'scripts', 'web-api-types.js'), '--check'],
      { cwd: process.cwd(), encoding: 'utf8' },
    );
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  }, 60_000);
});
