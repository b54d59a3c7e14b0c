import pg from 'pg';
import { createTestDatabase, describePostgres, postgresAvailable } from './postgres.js';

describePostgres('test/support/postgres', () => {
  it('creates a usable database and drops it even with open connections', async () => {
    expect(await postgresAvailable()).toBe(true);
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    client.on('error', () => undefined); // terminated by drop()
    await client.connect();
    const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
    expect(rows[0].name).toBe(db.name);
    await db.drop(); // the open client is terminated first
    await client.end().catch(() => undefined);
    expect(await postgresAvailable(db.url)).toBe(false);
  });
});
