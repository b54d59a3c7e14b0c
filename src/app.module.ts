/**
 * The root module. Built from a LedgerConfig (AppModule.forRoot) so tests and the server compose
 * exactly the same graph; `createApp` (src/http/create-app.ts) is the one way to build the app.
 */
import { Module, type DynamicModule } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { JwtModule } from '@nestjs/jwt';
import { AccountsModule } from './accounts/accounts.module.js';
import { AmbitiCommandsModule } from './ambito/ambito.module.js';
import { AuthModule } from './auth/auth.module.js';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { CallsCommandsModule } from './triennium/calls/calls.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { SintesiModule } from './triennium/sintesi/sintesi.module.js';
import { PROJECTION_WORKER_ALLOWED } from './read-models/read-models.service.js';
import { LedgerConfigModule } from './config/config.module.js';
import { LEDGER_CONFIG, type LedgerConfig } from './config/ledger-config.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { PersonalDataModule } from './personal-data/personal-data.module.js';
import { PersonalDataRightsModule } from './personal-data/personal-data-rights.module.js';
import type { PersonalDataStore } from './personal-data/personal-data.port.js';
import type { EventStore } from './event-store/event-store.port.js';
import { HealthModule } from './health/health.module.js';
import { ProblemFilter } from './http/problem.js';
import { ledgerValidationPipe } from './http/validation.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { PlanCommandsModule } from './triennium/plan/plan.module.js';
import { TavoliCommandsModule } from './triennium/tavoli/tavoli.module.js';
import { TrienniaCommandsModule } from './triennium/opening/opening.module.js';
import { EsitiCommandsModule } from './triennium/esiti/esiti.module.js';
import { MonitoringModule } from './triennium/monitoring/monitoring.module.js';
import { WriteSideModule } from './write-side/write-side.module.js';
import { IntegrityModule } from './integrity/integrity.module.js';
import { QueriesModule } from './queries/queries.module.js';
import { ParticipantsModule } from './triennium/participants/participants.module.js';

/** Capability modules: the commands, then health, observability, integrity and the queries. */
const FEATURE_MODULES = [
  AmbitiCommandsModule,
  TrienniaCommandsModule,
  CallsCommandsModule,
  TavoliCommandsModule,
  PlanCommandsModule,
  EsitiCommandsModule,
  // Documents kept by their SHA-256 (src/documents/): store, upload, download.
  DocumentsModule,
  // The documento istruttorio di sintesi, from the events (src/triennium/sintesi/).
  SintesiModule,
  MonitoringModule,
  HealthModule,
  ObservabilityModule,
  IntegrityModule,
  QueriesModule,
  // Citizens and informal groups (issue 18): after the queries, so the OpenAPI order stays.
  ParticipantsModule,
  // Signed-in people: grants, sign-in links, sessions (after the read models it stores beside).
  AccountsModule,
  // The data subject's rights (access, rectification, erasure, consent) for the ambito's admin.
  PersonalDataRightsModule,
];

export interface AppOptions {
  eventStore?: EventStore;
  /** A personal-data store the caller opened and closes (tests), instead of the configured one. */
  personalDataStore?: PersonalDataStore;
  /** The resolved `LedgerConfigModule.fromEnvironment()`, used when no config is given (createApp). */
  configModule?: DynamicModule;
}

@Module({})
class ProjectionPlacementModule {}

@Module({})
export class AppModule {
  /**
   * `config`: a configuration the caller validated (tests, in-process tools); without it the
   * configuration is read from the environment through @nestjs/config (`options.configModule`,
   * else LedgerConfigModule.fromEnvironment()).
   * `options.eventStore`: a store the caller opened and closes (tests), instead of the configured one.
   */
  static forRoot(config?: LedgerConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        config
          ? LedgerConfigModule.with(config)
          : (options.configModule ?? LedgerConfigModule.fromEnvironment()),
        options.eventStore ? EventStoreModule.withStore(options.eventStore) : EventStoreModule,
        options.personalDataStore
          ? PersonalDataModule.withStore(options.personalDataStore)
          : PersonalDataModule,
        CqrsModule.forRoot(),
        JwtModule.registerAsync({
          global: true,
          inject: [LEDGER_CONFIG],
          useFactory: (ledger: LedgerConfig) => ({
            // A KeyObject, not the string: jsonwebtoken otherwise tries (and fails) to parse the string as a
            // PEM public key on every verify, ~0.9 ms of CPU per request (~30 µs with a KeyObject).
            secret: createSecretKey(Buffer.from(ledger.jwtSecret)),
            signOptions: { algorithm: 'HS256' },
            // Only HS256: a token signed otherwise (or alg "none") is refused with 401.
            verifyOptions: { algorithms: ['HS256'] },
          }),
        }),
        // The projection runner goes to a worker thread only with the configured store (the worker opens its own).
        {
          module: ProjectionPlacementModule,
          global: true,
          providers: [
            { provide: PROJECTION_WORKER_ALLOWED, useValue: options.eventStore === undefined },
          ],
          exports: [PROJECTION_WORKER_ALLOWED],
        },
        AuthModule,
        WriteSideModule,
        ...FEATURE_MODULES,
      ],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: ledgerValidationPipe },
      ],
    };
  }
}
