import { parseWrkReport, wrkDurationMs } from './wrk.js';

describe("wrk's report, read as the bench's second opinion", () => {
  it('reads durations in wrk units as milliseconds', () => {
    expect(wrkDurationMs('824.00us')).toBeCloseTo(0.824);
    expect(wrkDurationMs('6.60ms')).toBeCloseTo(6.6);
    expect(wrkDurationMs('1.02s')).toBeCloseTo(1020);
    expect(() => wrkDurationMs('fast')).toThrow('not a wrk duration');
  });

  it('takes the rate, the median, the p99 and the non-2xx count', () => {
    const report = [
      'Running 20s test @ http://127.0.0.1:41234',
      '  1 threads and 64 connections',
      '  Thread Stats   Avg      Stdev     Max   +/- Stdev',
      '    Latency     2.84ms    1.41ms  14.08ms   74.12%',
      '    Req/Sec    22.90k     7.52k   38.74k    57.50%',
      '  Latency Distribution',
      '     50%    2.40ms',
      '     75%    3.52ms',
      '     90%    4.83ms',
      '     99%    6.60ms',
      '  453419 requests in 20.00s, 390.12MB read',
      '  Non-2xx or 3xx responses: 12',
      'Requests/sec:  22670.91',
      'Transfer/sec:     19.51MB',
    ].join('\n');
    expect(parseWrkReport(report)).toEqual({
      requestsPerSec: 22670.91,
      p50Ms: 2.4,
      p99Ms: 6.6,
      non2xx: 12,
    });
    expect(() => parseWrkReport('Requests/sec: 1')).toThrow('without a 50% line');
  });
});
