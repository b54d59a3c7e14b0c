import { Global, Module } from '@nestjs/common';
import { LEDGER_CONFIG, loadLedgerConfig, type LedgerConfig } from './ledger-config.js';

/**
 * Provides the validated LedgerConfig everywhere. Tests pass their own config through
 * `LedgerConfigModule.with(config)` instead of the environment.
 */
@Global()
@Module({})
export class LedgerConfigModule {
  static fromEnvironment(env: Record<string, string | undefined> = process.env) {
    return LedgerConfigModule.with(loadLedgerConfig(env));
  }

  static with(config: LedgerConfig) {
    return {
      module: LedgerConfigModule,
      providers: [{ provide: LEDGER_CONFIG, useValue: config }],
      exports: [LEDGER_CONFIG],
    };
  }
}
