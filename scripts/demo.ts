/**
 * `npm run demo`: loads the Varese ambito of the seed reports (12 comuni, Piano di Zona
 * 2025-2027, a co-programmazione call, 30 enti, 6 tavoli, about a hundred contributions, the
 * approval by the Assemblea dei Sindaci and the first contributions of the implementation phase)
 * through the ledger's public HTTP commands.
 *
 * Where it talks to:
 *   - a server answering at LEDGER_URL (default http://127.0.0.1:${PORT:-3000}): it posts there,
 *     with tokens signed by the secret of the same configuration (LEDGER_JWT_SECRET, or the secret
 *     file of LEDGER_DATA_DIR — start the server and the demo with the same environment);
 *   - otherwise it boots the application in-process on a random port against the configured data
 *     directory, loads, and stops; `npm start` then shows the data.
 *
 * Re-running is a no-op: a complete load is detected and nothing is posted; an interrupted load
 * resumes, every write carrying a deterministic Idempotency-Key. See --help.
 */
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { ConfigError, loadLedgerConfig, type LedgerConfig } from '../src/config/ledger-config.js';
import { createApp } from '../src/http/create-app.js';
import type { Counts } from './demo-data/api-types.js';
import { ApiError, LedgerClient, type ApiResponse } from './demo-data/client.js';
import { loadScenario, type LoadSummary } from './demo-data/loader.js';
import { trienniumIdOfScenario, type Scenario } from './demo-data/scenario.js';
import { buildVareseScenario } from './demo-data/varese.js';
import { progress, runCommand } from './cli.js';
import { signToken, tokenSettingsOf } from './token.js';

const COMMAND = {
  name: 'demo',
  help: `Usage: npm run demo

Loads a demo into the ledger through its public HTTP commands: the Varese ambito (12 comuni),
triennium 2025-2027, a co-programmazione call, 30 enti, 6 tavoli, about a hundred contributions
and the plan's approval by the Assemblea dei Sindaci.
What it changes: if a server answers at LEDGER_URL (default http://127.0.0.1:$PORT, PORT 3000),
it writes there, with tokens signed by the secret of this configuration (LEDGER_JWT_SECRET, or
the secret file of LEDGER_DATA_DIR: use the server's environment). Otherwise it starts the ledger
in this process on LEDGER_DATA_DIR (default ./data), writes its events there, and stops.
Re-running writes nothing once the demo is complete; an interrupted load resumes. Progress
(requests, requests/s) goes to stderr.

Options:
  -h, --help   this text
Exit code: 0 loaded and the ledger verifies, 1 failed, 2 usage error.`,
  options: {},
} as const;

/** The demo's client, counting the requests it makes (for the progress line). */
class CountingClient extends LedgerClient {
  constructor(
    baseUrl: string,
    private readonly onRequest: () => void,
  ) {
    super(baseUrl);
  }

  override async request<T = unknown>(
    ...args: Parameters<LedgerClient['request']>
  ): Promise<ApiResponse<T>> {
    const answer = await super.request<T>(...args);
    this.onRequest();
    return answer;
  }
}

export interface DemoResult {
  mode: 'remote' | 'in-process';
  baseUrl: string;
  scenario: Scenario;
  summary: LoadSummary;
}

/** True when something answers HTTP at `baseUrl`. */
async function serverAnswers(baseUrl: string): Promise<boolean> {
  try {
    await fetch(`${baseUrl.replace(/\/$/, '')}/api/v1/health/live`, {
      signal: AbortSignal.timeout(2000),
    });
    return true;
  } catch {
    return false;
  }
}

async function startInProcess(
  config: LedgerConfig,
  quiet: boolean,
): Promise<{ app: INestApplication; baseUrl: string }> {
  // Quiet unless asked: the demo prints its own summary.
  const app = await createApp({ ...config, logLevel: quiet ? 'error' : config.logLevel });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

export async function runDemo(
  env: Record<string, string | undefined> = process.env,
  log: (line: string) => void = (line) => console.log(line),
  onRequest: () => void = () => undefined,
): Promise<DemoResult> {
  const config = loadLedgerConfig(env);
  const scenario = buildVareseScenario();
  const remoteUrl = env.LEDGER_URL || `http://127.0.0.1:${env.PORT || 3000}`;
  let app: INestApplication | null = null;
  let baseUrl = remoteUrl;
  let mode: DemoResult['mode'] = 'remote';
  if (await serverAnswers(remoteUrl)) {
    log(`Loading the demo into the server at ${remoteUrl}`);
  } else {
    mode = 'in-process';
    ({ app, baseUrl } = await startInProcess(config, !env.LOG_LEVEL));
    log(
      `No server at ${remoteUrl}: started the ledger in-process at ${baseUrl} (data: ${config.dataDir}, events: ${config.eventStore})`,
    );
  }
  let result: DemoResult;
  try {
    const summary = await loadScenario(new CountingClient(baseUrl, onRequest), scenario, {
      jwtSecret: config.jwtSecret,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      log: (l) => log(`  ${l}`),
    });
    // Once, with the load that wrote the process (its sintesi then lists the PDF, which changes it).
    if (!summary.alreadyLoaded) await depositSintesi(baseUrl, config, scenario, log);
    result = { mode, baseUrl, scenario, summary };
  } finally {
    if (app) await app.close();
  }
  // In-process, the URLs to open are those of the server `npm start` will run.
  report(result, mode === 'remote' ? baseUrl : remoteUrl, log);
  return result;
}

/**
 * As an Ufficio di Piano does for its determina: the sintesi's PDF, generated from the ledger, kept
 * by the ledger as a public document of the triennium (once: a second demo run finds it kept).
 */
async function depositSintesi(
  baseUrl: string,
  config: LedgerConfig,
  scenario: Scenario,
  log: (line: string) => void,
): Promise<void> {
  const tid = trienniumIdOfScenario(scenario);
  const pdf = await fetch(`${baseUrl}/api/v1/triennia/${tid}/sintesi.pdf`);
  if (!pdf.ok) throw new Error(`sintesi.pdf answered ${pdf.status}`);
  const sintesiSha256 = pdf.headers.get('x-sintesi-sha256');
  const token = signToken(config.jwtSecret, {
    ...tokenSettingsOf(config),
    role: 'admin',
    ambito: scenario.ambito.id,
  });
  const title = encodeURIComponent('Documento istruttorio di sintesi');
  const res = await fetch(
    `${baseUrl}/api/v1/ambiti/${scenario.ambito.id}/documents?title=${title}&visibility=public&kind=atto&trienniumId=${tid}`,
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/pdf' },
      body: Buffer.from(await pdf.arrayBuffer()),
    },
  );
  if (res.status !== 201 && res.status !== 409)
    throw new Error(`depositing the sintesi answered ${res.status}: ${await res.text()}`);
  log(`  sintesi       SHA-256 ${sintesiSha256}; its PDF kept as a public document`);
}

function report(result: DemoResult, publicUrl: string, log: (line: string) => void): void {
  const { scenario, summary } = result;
  const tid = trienniumIdOfScenario(scenario);
  const o = summary.overview;
  const c: Partial<Counts> = o?.counts ?? {};
  const contributions = [...scenario.programming, ...scenario.implementation].filter(
    (s) => s.step === 'contribution',
  );
  const byKind = contributions.reduce<Record<string, number>>((acc, s) => {
    if (s.step === 'contribution') acc[s.kind] = (acc[s.kind] ?? 0) + 1;
    return acc;
  }, {});
  const excluded = scenario.enti.filter((e) => e.decision.outcome === 'excluded').length;
  log('');
  log(
    summary.alreadyLoaded
      ? 'Already loaded; nothing was written.'
      : `Done: ${summary.writes} writes, last position ${summary.position}.`,
  );
  log(
    `  ambito        ${scenario.ambito.id} — ${scenario.ambito.name}, ${scenario.ambito.region}: ${scenario.ambito.comuni.length} comuni, capofila ${scenario.ambito.capofila}`,
  );
  log(`  triennium     ${tid} — phase ${o?.phase}`);
  log(`  call          "${scenario.call.title}" (${scenario.call.kind})`);
  log(
    `  enti          ${c.enti} registered: ${scenario.enti.length - excluded} admitted, ${excluded} excluded`,
  );
  log(
    `  tavoli        ${c.tavoli} (${scenario.tavoli.map((t) => t.name).join(', ')}), ${c.memberships} memberships, ${c.sessions} sessions`,
  );
  log(
    `  contributions ${c.contributions} (${Object.entries(byKind)
      .map(([k, n]) => `${n} ${k}`)
      .join(
        ', ',
      )}; ${scenario.implementation.filter((s) => s.step === 'contribution').length} in the implementation phase)`,
  );
  log(
    `  plan          approved ${scenario.plan.approvedOn} by the ${scenario.plan.approvedBy}: ${scenario.plan.objectives.length} objectives, ${scenario.plan.signatories.length} signatory comuni`,
  );
  log(`  ledger digest ${summary.ledgerDigest ?? o?.plan?.ledgerDigest ?? '(none)'}`);
  log(
    `  integrity     ${summary.integrity?.ok ? 'ok' : 'NOT OK'} (${summary.integrity?.events} events checked)`,
  );
  log('');
  if (result.mode === 'in-process')
    log(
      'The in-process server has stopped; start it with `npm start` (same environment) and open:',
    );
  else log('Open:');
  const api = `${publicUrl}/api/v1`;
  log(`  overview      ${api}/triennia/${tid}`);
  log(`  timeline      ${api}/triennia/${tid}/timeline`);
  log(`  plan          ${api}/triennia/${tid}/plan`);
  log(`  integrity     ${api}/triennia/${tid}/integrity`);
  log(`  calls         ${api}/triennia/${tid}/calls`);
  log(`  enti          ${api}/triennia/${tid}/enti`);
  log(`  tavoli        ${api}/triennia/${tid}/tavoli`);
  log(`  contributions ${api}/triennia/${tid}/contributions`);
  log(`  live updates  ${api}/triennia/${tid}/live`);
  log(`  sintesi       ${api}/triennia/${tid}/sintesi.html (also .pdf, .json)`);
  log(`  documents     ${api}/ambiti/${scenario.ambito.id}/documents`);
  log(`  API docs      ${publicUrl}/docs`);
}

async function main(): Promise<void> {
  try {
    const requests = progress('demo', 'requests');
    const result = await runDemo(
      process.env,
      (line) => console.log(line),
      () => requests.add(),
    );
    requests.done();
    if (!result.summary.integrity?.ok) process.exitCode = 1;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
    } else if (error instanceof ApiError) {
      console.error(`The demo stopped: ${error.message}`);
      if (error.status === 401) {
        console.error(
          'Hint: the server verifies tokens with another secret. Run the demo with the same LEDGER_DATA_DIR / LEDGER_JWT_SECRET as the server.',
        );
      }
    } else {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    process.exitCode = 1;
  }
}

// Run when executed (`node dist/scripts/demo.js`), not when imported by a test.
if (typeof require !== 'undefined' && require.main === module) runCommand(COMMAND, main);
