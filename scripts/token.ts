/**
 * `npm run -s token`: prints a bearer token signed with the ledger's secret (the same config and
 * data dir as the server: LEDGER_JWT_SECRET, or the secret file in LEDGER_DATA_DIR). See --help.
 *
 * The token carries `exp` (12 h by default; never beyond LEDGER_TOKEN_MAX_LIFETIME, which the
 * server enforces), and `iss` / `aud` when LEDGER_JWT_ISSUER / LEDGER_JWT_AUDIENCE are set.
 */
import { JwtService } from '@nestjs/jwt';
import {
  ConfigError,
  loadLedgerConfig,
  parseDurationSeconds,
  type LedgerConfig,
} from '../src/config/ledger-config.js';
import { isValidCodiceFiscale } from '../src/domain/codice-fiscale.js';
import { parseCommandLine, runCommand, UsageError } from './cli.js';

export const TOKEN_COMMAND = {
  name: 'token',
  help: `Usage: npm run -s token -- --role admin|ente|evaluator [options]

Prints a bearer token (HS256) on stdout, signed with the ledger's secret: LEDGER_JWT_SECRET, or
the secret file in LEDGER_DATA_DIR (default ./data), the same configuration as the server.
Changes nothing, except that it creates that secret file if the data directory has none yet.

Options:
  --role ROLE              admin, ente or evaluator (required)
  --ambito ID              an admin's ambito, or '*' for the platform operator (admin: required)
  --ente CODICE_FISCALE    an ente's 11-digit codice fiscale (ente: required)
  --sub SUBJECT            the token's subject (default admin@<ambito>, ente@<cf>, evaluator)
  --expires-in DURATION    3600, 30m, 12h, 7d … (default 12h)
  -h, --help               this text

Examples:
  npm run -s token -- --role admin --ambito varese
  npm run -s token -- --role ente --ente 00488410010
  npm run -s token -- --role evaluator --sub auditor@regione --expires-in 1h
Exit code: 0 printed a token, 2 usage error or bad configuration.`,
  options: {
    role: { type: 'string' },
    ambito: { type: 'string' },
    ente: { type: 'string' },
    sub: { type: 'string' },
    'expires-in': { type: 'string' },
  },
} as const;

export interface TokenOptions {
  role: 'admin' | 'ente' | 'evaluator';
  ambito?: string;
  ente?: string;
  sub?: string;
  expiresIn?: string;
  /** `iss` claim (the server's LEDGER_JWT_ISSUER). */
  issuer?: string;
  /** `aud` claim (the server's LEDGER_JWT_AUDIENCE). */
  audience?: string;
}

/** The lifetime `npm run token` signs when --expires-in is not given. */
export const DEFAULT_EXPIRES_IN = '12h';

/** What a server with this configuration requires of the tokens it is given. */
export function tokenSettingsOf(
  config: Pick<LedgerConfig, 'jwtIssuer' | 'jwtAudience'>,
): Pick<TokenOptions, 'issuer' | 'audience'> {
  return {
    ...(config.jwtIssuer !== null ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience !== null ? { audience: config.jwtAudience } : {}),
  };
}

/** Refuses an --expires-in the server would refuse (over LEDGER_TOKEN_MAX_LIFETIME). */
export function checkLifetime(o: TokenOptions, maxLifetimeSeconds: number): void {
  const seconds = parseDurationSeconds(o.expiresIn ?? DEFAULT_EXPIRES_IN);
  if (seconds === null || seconds > maxLifetimeSeconds) {
    throw new UsageError(
      `--expires-in ${o.expiresIn ?? DEFAULT_EXPIRES_IN} is longer than the server accepts (LEDGER_TOKEN_MAX_LIFETIME: ${maxLifetimeSeconds} s)`,
    );
  }
}

/** Parses and checks the options; a UsageError names what is wrong. */
export function parseTokenArgs(argv: readonly string[]): TokenOptions {
  const { values } = parseCommandLine(TOKEN_COMMAND, argv);
  const role = values.role;
  if (role !== 'admin' && role !== 'ente' && role !== 'evaluator')
    throw new UsageError('--role must be admin, ente or evaluator');
  if (role === 'admin' && !values.ambito)
    throw new UsageError(
      'an admin token needs --ambito (an ambito id, or * for the platform operator)',
    );
  if (role === 'ente' && !isValidCodiceFiscale(values.ente))
    throw new UsageError('an ente token needs --ente with a valid 11-digit codice fiscale');
  if (values['expires-in'] !== undefined && parseDurationSeconds(values['expires-in']) === null) {
    throw new UsageError('--expires-in must look like 3600, 30m, 12h or 7d');
  }
  return {
    role,
    ambito: values.ambito,
    ente: values.ente,
    sub: values.sub,
    expiresIn: values['expires-in'],
  };
}

export function signToken(secret: string, o: TokenOptions): string {
  const sub =
    o.sub ??
    (o.role === 'admin' ? `admin@${o.ambito}` : o.role === 'ente' ? `ente@${o.ente}` : 'evaluator');
  const claims = {
    sub,
    role: o.role,
    ...(o.role === 'admin' ? { ambito: o.ambito } : {}),
    ...(o.role === 'ente' ? { ente: o.ente } : {}),
  };
  return new JwtService({ secret }).sign(claims, {
    algorithm: 'HS256',
    expiresIn: parseDurationSeconds(o.expiresIn ?? DEFAULT_EXPIRES_IN) ?? 0,
    ...(o.issuer !== undefined ? { issuer: o.issuer } : {}),
    ...(o.audience !== undefined ? { audience: o.audience } : {}),
  });
}

// Run only as a script (the test suite imports parseTokenArgs/signToken).
if (process.argv[1] && /token\.(js|ts)$/.test(process.argv[1])) {
  runCommand(TOKEN_COMMAND, () => {
    const options = parseTokenArgs(process.argv.slice(2));
    try {
      const config = loadLedgerConfig(process.env);
      checkLifetime(options, config.tokenMaxLifetimeSeconds);
      process.stdout.write(
        signToken(config.jwtSecret, { ...options, ...tokenSettingsOf(config) }) + '\n',
      );
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
  });
}
