/**
 * `npm run -s login-link`: prints a one-time sign-in link (see --help). The link's secret is
 * stored only as a hash, beside the read models of the configured read database (the same
 * configuration as the server); nothing is recorded in the ledger until the link is used.
 */
import { openReadDb, readDbOptionsFromConfig } from '../projections/read-db.js';
import { ConfigError, loadLedgerConfig } from '../src/config/ledger-config.js';
import { signInUrl } from '../src/accounts/accounts.service.js';
import type { LinkGrant } from '../src/accounts/sign-in-store.js';
import { SignInStore } from '../src/accounts/sign-in-store.js';
import { isValidCodiceFiscale } from '../src/domain/codice-fiscale.js';
import { parseCommandLine, runCommand, UsageError } from './cli.js';

export const LOGIN_LINK_COMMAND = {
  name: 'login-link',
  help: `Usage: npm run -s login-link -- --role admin|ente|evaluator [options]

Prints a one-time sign-in link on stdout: opened in a browser, it signs in once, within
LEDGER_LOGIN_LINK_TTL (15 minutes by default), and records the role's grant for the account on
the ledger (an event of accounts-<ambito>, or accounts-platform) if the account lacks it.
Uses the server's configuration (LEDGER_DATA_DIR, LEDGER_READ_DB, DATABASE_URL,
LEDGER_PUBLIC_URL); stores only a hash of the link's secret, beside the read models.

Options:
  --role ROLE              admin, ente or evaluator (required)
  --ambito ID              the admin's ambito, or '*' for the platform operator (admin: required);
                           for an ente, the ambito whose grant it is (default: the platform's)
  --ente CODICE_FISCALE    the ente's 11-digit codice fiscale (ente: required)
  --account ID             sign in as this existing account (acc-<uuid>); default: a new account
  -h, --help               this text

Examples:
  npm run -s login-link -- --role admin --ambito varese
  npm run -s login-link -- --role ente --ente 00488410010
  npm run -s login-link -- --role evaluator
Exit code: 0 printed a link, 2 usage error or bad configuration.`,
  options: {
    role: { type: 'string' },
    ambito: { type: 'string' },
    ente: { type: 'string' },
    account: { type: 'string' },
  },
} as const;

const ACCOUNT = /^acc-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const AMBITO = /^(\*|[a-z0-9]+(-[a-z0-9]+)*)$/;

export function parseLoginLinkArgs(argv: readonly string[]): LinkGrant {
  const { values } = parseCommandLine(LOGIN_LINK_COMMAND, argv);
  const role = values.role;
  if (role !== 'admin' && role !== 'ente' && role !== 'evaluator')
    throw new UsageError('--role must be admin, ente or evaluator');
  if (role === 'admin' && !values.ambito)
    throw new UsageError(
      'an admin link needs --ambito (an ambito id, or * for the platform operator)',
    );
  if (values.ambito !== undefined && !AMBITO.test(values.ambito))
    throw new UsageError('--ambito must be an ambito id (lowercase letters, digits, hyphens) or *');
  if (role === 'ente' && values.ambito === '*')
    throw new UsageError("an ente link names the ambito that admits it, or none: not '*'");
  if (role === 'evaluator' && values.ambito !== undefined)
    throw new UsageError('an evaluator reads every ambito: --ambito is not for it');
  if (role === 'ente' && !isValidCodiceFiscale(values.ente))
    throw new UsageError('an ente link needs --ente with a valid 11-digit codice fiscale');
  if (role !== 'ente' && values.ente !== undefined)
    throw new UsageError('--ente is only for --role ente');
  if (values.account !== undefined && !ACCOUNT.test(values.account))
    throw new UsageError('--account must be an account id (acc-<uuid>)');
  return {
    role,
    ambitoId: role === 'evaluator' ? null : (values.ambito ?? null),
    ente: role === 'ente' ? values.ente! : null,
    accountId: values.account ?? null,
  };
}

/** Whoever runs the command on the server's machine acts as the platform operator. */
export const CLI_ISSUER = { sub: 'login-link', role: 'admin', ambito: '*' } as const;

if (process.argv[1] && /login-link\.(js|ts)$/.test(process.argv[1])) {
  runCommand(LOGIN_LINK_COMMAND, async () => {
    const grant = parseLoginLinkArgs(process.argv.slice(2));
    let config;
    try {
      config = loadLedgerConfig(process.env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    const ds = await openReadDb({ ...readDbOptionsFromConfig(config), migrate: false });
    try {
      const { secret, expiresAt } = await new SignInStore(ds).issueLink(
        grant,
        CLI_ISSUER,
        config.loginLinkTtlSeconds,
      );
      process.stdout.write(signInUrl(config.publicUrl, secret) + '\n');
      process.stderr.write(`valid once, until ${expiresAt.toISOString()}\n`);
    } finally {
      await ds.destroy();
    }
  });
}
