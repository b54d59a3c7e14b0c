/**
 * The configuration through @nestjs/config: LedgerConfigModule.fromEnvironment() validates the
 * environment with loadLedgerConfig, provides the typed LEDGER_CONFIG (defaults filled in), and
 * never copies a secret into the process environment; a wrong value rejects with the ConfigError.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { LedgerConfigModule } from './config.module.js';
import { ConfigError, LEDGER_CONFIG, type LedgerConfig } from './ledger-config.js';

const VARIABLES = [
  'LEDGER_DATA_DIR',
  'LEDGER_PAGE_LIMIT_MAX',
  'PORT',
  'LEDGER_JWT_SECRET',
  'LEDGER_EVENT_STORE',
  'LEDGER_READ_DB',
  'DATABASE_URL',
];

describe('LedgerConfigModule.fromEnvironment (@nestjs/config)', () => {
  let dataDir: string;
  let saved: Record<string, string | undefined>;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-'));
    saved = Object.fromEntries(VARIABLES.map((v) => [v, process.env[v]]));
    for (const v of VARIABLES) delete process.env[v];
  });
  afterEach(() => {
    for (const v of VARIABLES) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('provides the validated, typed config with its defaults, and leaves no secret in process.env', async () => {
    process.env.LEDGER_DATA_DIR = dataDir;
    process.env.LEDGER_PAGE_LIMIT_MAX = '200';
    const before = new Set(Object.keys(process.env));
    const moduleRef = await Test.createTestingModule({
      imports: [await LedgerConfigModule.fromEnvironment()],
    }).compile();
    const config = moduleRef.get<LedgerConfig>(LEDGER_CONFIG);
    expect(config).toMatchObject({
      port: 3000,
      dataDir,
      eventStore: 'sqlite',
      readDb: 'sqlite',
      projections: true,
      pageLimitMax: 200,
      projectionBatch: 1000,
      projectionWorkerNice: 10,
      rebuildBatch: 2000,
      sseHeartbeatMs: 15000,
      logLevel: 'info',
    });
    // The generated JWT secret is in the config, not in the process environment.
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(Object.values(process.env)).not.toContain(config.jwtSecret);
    expect(Object.keys(process.env).filter((k) => !before.has(k))).toEqual([]);
    // The same object through ConfigService, for code that prefers it.
    expect(moduleRef.get(ConfigService).get('ledger')).toBe(config);
    await moduleRef.close();
  });

  it('rejects a wrong value with the ConfigError naming the variable, before any module is built', async () => {
    process.env.LEDGER_DATA_DIR = dataDir;
    process.env.PORT = '70000';
    await expect(LedgerConfigModule.fromEnvironment()).rejects.toThrow(ConfigError);
    await expect(LedgerConfigModule.fromEnvironment()).rejects.toThrow(
      'Configuration error: PORT must be an integer from 0 to 65535 (got "70000")',
    );
  });
});
