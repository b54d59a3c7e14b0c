import 'reflect-metadata';
import { ConfigError, loadLedgerConfig, type LedgerConfig } from './config/ledger-config.js';
import { createApp } from './http/create-app.js';

async function main(): Promise<void> {
  let config: LedgerConfig;
  try {
    config = loadLedgerConfig(process.env);
  } catch (error) {
    // One clear line, no stack: the operator fixes a variable, not code.
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port);
  console.log(`participation ledger listening on ${await app.getUrl()} (events: ${config.eventStore}, data: ${config.dataDir})`);
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
