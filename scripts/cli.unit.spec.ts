/** The CLIs' shared parser and progress lines, on pure inputs. */
import { parseCommandLine, progress, UsageError, wantsHelp } from './cli.js';

const SPEC = {
  name: 'example',
  help: 'Usage: npm run example',
  options: { role: { type: 'string' }, dry: { type: 'boolean' } },
  positionals: true,
} as const;

describe('parseCommandLine', () => {
  it('reads options in both spellings and positionals', () => {
    expect(parseCommandLine(SPEC, ['--role', 'admin', 'a', '--dry', 'b'])).toEqual({
      values: { role: 'admin', dry: true },
      positionals: ['a', 'b'],
    });
    expect(parseCommandLine(SPEC, ['--role=ente']).values).toEqual({ role: 'ente' });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['-x'], 'unknown option -x'],
    [['--role'], '--role needs a value'],
    [['--role', '--dry'], '--role needs a value'],
    [['--dry=yes'], '--dry takes no value'],
  ])('refuses %j with one line: %s', (argv, message) => {
    expect(() => parseCommandLine(SPEC, argv)).toThrow(new UsageError(message));
  });

  it('refuses positionals where a command takes none', () => {
    expect(() => parseCommandLine({ ...SPEC, positionals: false }, ['stray'])).toThrow(
      'unexpected argument stray',
    );
  });

  it('--help anywhere before "--" asks for help, whatever else is on the line', () => {
    expect(wantsHelp(['--role', 'admin', '--help'])).toBe(true);
    expect(wantsHelp(['-h', '--bogus'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['--role', 'admin'])).toBe(false);
  });
});

describe('progress', () => {
  it('prints counts and a rate at most every interval, and a last line only after one', () => {
    const lines: string[] = [];
    const quiet = progress('copy', 'events', { everyMs: 60_000, write: (l) => lines.push(l) });
    quiet.add(10);
    quiet.done();
    expect(lines).toEqual([]); // short work stays quiet

    const loud = progress('copy', 'events', { everyMs: 0, write: (l) => lines.push(l) });
    loud.add(1500);
    loud.set(2500);
    loud.done();
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^copy: 2,500 events, [\d,]+ events\/s, \d+ s$/);
  });
});
