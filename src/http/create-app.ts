/**
 * Builds the application exactly as `npm start` runs it; e2e tests call it with their own config
 * (a temp data dir) and listen on port 0.
 *
 * Paths: everything under `/api/v1`; `/health/*` are also served at the root (aliases rewritten
 * before routing), `/docs` + `/docs-json` at the root and under `/api/v1`, `/metrics` at both
 * (installObservability).
 */
import 'reflect-metadata';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, type AppOptions } from '../app.module.js';
import { LedgerConfigModule } from '../config/config.module.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { installObservability } from '../observability/observability.module.js';
import { jsonBodyMiddleware } from './body.js';

export const GLOBAL_PREFIX = 'api/v1';

/** `/health/...` at the root is the same route as `/api/v1/health/...`. */
function rootAliases(req: IncomingMessage, _res: ServerResponse, next: () => void): void {
  if (req.url && /^\/health(\/|\?|$)/.test(req.url)) req.url = `/${GLOBAL_PREFIX}${req.url}`;
  next();
}

function setupDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Participation ledger')
      .setDescription('Event-sourced record of how an ambito writes its Piano di Zona with the third sector (API.md).')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  SwaggerModule.setup(`${GLOBAL_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${GLOBAL_PREFIX}/docs-json` });
}

/**
 * Without `config`, the configuration is read from the environment through @nestjs/config and
 * validated by loadLedgerConfig: a wrong value rejects with its ConfigError.
 */
export async function createApp(config?: LedgerConfig, options: AppOptions = {}): Promise<INestApplication> {
  // Validated before Nest starts: a wrong value rejects here with its one-line ConfigError.
  const configModule = config ? undefined : (options.configModule ?? (await LedgerConfigModule.fromEnvironment()));
  const app = await NestFactory.create(AppModule.forRoot(config, { ...options, configModule }), {
    // Our own JSON reader (src/http/body.ts) answers 413/415/bad JSON as problem+json.
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  installObservability(app);
  app.use(rootAliases);
  app.use(jsonBodyMiddleware(app.get<LedgerConfig>(LEDGER_CONFIG).bodyLimitBytes));
  app.setGlobalPrefix(GLOBAL_PREFIX);
  setupDocs(app);
  await app.init();
  return app;
}
