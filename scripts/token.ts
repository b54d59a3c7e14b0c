/**
 * Prints a bearer token signed with the ledger's secret (the same config and data dir as the
 * server: LEDGER_JWT_SECRET, or the secret file in LEDGER_DATA_DIR).
 *
 *   npm run token -- --role admin --ambito varese
 *   npm run token -- --role ente --ente 00488410010
 *   npm run token -- --role evaluator --sub auditor@regione --expires-in 1h
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

const USAGE = `usage: npm run token -- --role admin|ente|evaluator [--ambito ID|*] [--ente CODICE_FISCALE] [--sub SUBJECT] [--expires-in 12h]`;

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
    throw new Error(
      `--expires-in ${o.expiresIn ?? DEFAULT_EXPIRES_IN} is longer than the server accepts (LEDGER_TOKEN_MAX_LIFETIME: ${maxLifetimeSeconds} s)`,
    );
  }
}

export function parseTokenArgs(argv: readonly string[]): TokenOptions {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unexpected argument "${arg}"`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    values[m[1]!] = value;
  }
  const known = ['role', 'ambito', 'ente', 'sub', 'expires-in'];
  const unknown = Object.keys(values).filter((k) => !known.includes(k));
  if (unknown.length) throw new Error(`unknown option --${unknown[0]}`);
  const role = values.role;
  if (role !== 'admin' && role !== 'ente' && role !== 'evaluator')
    throw new Error('--role must be admin, ente or evaluator');
  if (role === 'admin' && !values.ambito)
    throw new Error('an admin token needs --ambito (an ambito id, or * for the platform operator)');
  if (role === 'ente' && !isValidCodiceFiscale(values.ente))
    throw new Error('an ente token needs --ente with a valid 11-digit codice fiscale');
  if (values['expires-in'] !== undefined && parseDurationSeconds(values['expires-in']) === null) {
    throw new Error('--expires-in must look like 3600, 30m, 12h or 7d');
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

function main(): void {
  try {
    const options = parseTokenArgs(process.argv.slice(2));
    const config = loadLedgerConfig(process.env);
    checkLifetime(options, config.tokenMaxLifetimeSeconds);
    process.stdout.write(
      signToken(config.jwtSecret, { ...options, ...tokenSettingsOf(config) }) + '\n',
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${error instanceof ConfigError ? message : `${message}\n${USAGE}`}\n`);
    process.exit(2);
  }
}

// Run only as a script (the test suite imports parseTokenArgs/signToken).
if (process.argv[1] && /token\.(js|ts)$/.test(process.argv[1])) main();
