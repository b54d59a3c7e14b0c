import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { LEDGER_CONFIG, loadLedgerConfig, type LedgerConfig } from './ledger-config.js';
import { Clock } from './clock.js';

/** The key under which @nestjs/config holds the validated LedgerConfig. */
export const LEDGER_CONFIG_KEY = 'ledger';

/**
 * Provides the validated LedgerConfig everywhere as `LEDGER_CONFIG`.
 *
 * `fromEnvironment()` (the server, through createApp() without a config): the configuration comes through @nestjs/config, whose
 * `validate` hook is `loadLedgerConfig` — the one schema and validator. A wrong value rejects the
 * module with a `ConfigError` (one line naming the variable) and the app does not start.
 * The validated object is returned under one key (`ledger`) so that @nestjs/config, which copies
 * a validated config's string/number/boolean top-level values into the process environment, never copies
 * a secret (the generated JWT secret) there.
 *
 * `with(config)` (tests, in-process tools): a config the caller already validated.
 */
@Global()
@Module({})
export class LedgerConfigModule {
  /**
   * Resolves (validates) before it returns: createApp awaits it before Nest starts, so a wrong
   * value fails with the ConfigError alone, not inside Nest's module scan (which would log it
   * with a stack trace first).
   */
  static async fromEnvironment(): Promise<DynamicModule> {
    const config = await ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      validate: (env: Record<string, unknown>) => ({
        [LEDGER_CONFIG_KEY]: loadLedgerConfig(env as Record<string, string | undefined>),
      }),
    });
    return {
      module: LedgerConfigModule,
      imports: [config],
      providers: [
        Clock,
        {
          provide: LEDGER_CONFIG,
          inject: [ConfigService],
          useFactory: (config: ConfigService): LedgerConfig =>
            config.getOrThrow<LedgerConfig>(LEDGER_CONFIG_KEY),
        },
      ],
      exports: [LEDGER_CONFIG, Clock],
    };
  }

  static with(config: LedgerConfig): DynamicModule {
    return {
      module: LedgerConfigModule,
      providers: [{ provide: LEDGER_CONFIG, useValue: config }, Clock],
      exports: [LEDGER_CONFIG, Clock],
    };
  }
}
