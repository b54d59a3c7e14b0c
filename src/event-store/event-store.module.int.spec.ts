import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { LedgerConfigModule } from '../config/config.module.js';
import { loadLedgerConfig } from '../config/ledger-config.js';
import { EventStoreModule } from './event-store.module.js';
import { EVENT_STORE, type EventStore } from './event-store.port.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

describe('EventStoreModule', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the SQLite store in the data directory by default and closes it on shutdown', async () => {
    const config = loadLedgerConfig({ LEDGER_DATA_DIR: dir });
    const moduleRef = await Test.createTestingModule({
      imports: [LedgerConfigModule.with(config), EventStoreModule],
    }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter());
    await app.init();
    const store = app.get<EventStore>(EVENT_STORE);
    expect(store.kind).toBe('sqlite');
    expect((store as SqliteEventStore).file).toBe(join(dir, 'events.sqlite'));
    await store.ping();
    await app.close();
    await expect(store.ping()).rejects.toThrow(/closed/);
  });

  it('withStore(store) provides a store the caller owns', async () => {
    const store = await SqliteEventStore.open({ dir });
    const moduleRef = await Test.createTestingModule({
      imports: [EventStoreModule.withStore(store)],
    }).compile();
    const app = moduleRef.createNestApplication(new FastifyAdapter());
    await app.init();
    expect(app.get(EVENT_STORE)).toBe(store);
    await app.close();
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
  });
});
