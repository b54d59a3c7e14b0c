/** One JSON line per message on stdout/stderr, for the projector and the scripts. */
import type { RunnerLogger } from './runner.js';

export function consoleLogger(context = 'projections', quiet = false): RunnerLogger {
  const line = (level: string, msg: string) =>
    JSON.stringify({ level, time: new Date().toISOString(), context, pid: process.pid, msg });
  return {
    log: (m) => {
      if (!quiet) process.stdout.write(line('info', m) + '\n');
    },
    warn: (m) => process.stderr.write(line('warn', m) + '\n'),
    error: (m) => process.stderr.write(line('error', m) + '\n'),
  };
}
