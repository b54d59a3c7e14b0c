import { HTTPParser as JsParser } from 'http-parser-js';
import { nodeResponseParser, type ResponseParserClass } from './native-http-parser.js';
import { parseWrkReport, wrkDurationMs } from './wrk.js';

/** What autocannon sees of a byte stream of answers, through a parser of http-parser-js's interface. */
function read(Parser: ResponseParserClass, chunks: Buffer[]): Array<{ status: number; body: string }> {
  const answers: Array<{ status: number; body: string }> = [];
  let current = { status: 0, body: '' };
  const parser = new Parser(Parser.RESPONSE);
  parser[Parser.kOnHeaders] = () => undefined;
  parser[Parser.kOnHeadersComplete] = (info: { statusCode: number }) => {
    current = { status: info.statusCode, body: '' };
  };
  parser[Parser.kOnBody] = (body: Buffer, start: number, length: number) => {
    current.body += body.subarray(start, start + length).toString('utf8');
  };
  parser[Parser.kOnMessageComplete] = () => answers.push(current);
  for (const chunk of chunks) parser.execute(chunk);
  return answers;
}

/** Two kept-alive answers, the second chunked, cut at awkward places as sockets deliver them. */
const STREAM = Buffer.from(
  'HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 15\r\nVary: Accept-Encoding\r\n\r\n{"status":"ok"}' +
    'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nContent-Type: application/problem+json\r\n\r\n9\r\n{"status"\r\n6\r\n: 404}\r\n0\r\n\r\n',
);
const CUTS = [0, 7, 40, 101, 102, 130, 190, STREAM.length];
const CHUNKS = CUTS.slice(1).map((end, i) => STREAM.subarray(CUTS[i], end));

describe("the load generator's answer parser (Node's llhttp behind http-parser-js's interface)", () => {
  it("reads pipelined answers, whole and chunked, as autocannon's own parser does", () => {
    const NodeParser = nodeResponseParser();
    expect(NodeParser).not.toBeNull();
    const expected = [
      { status: 200, body: '{"status":"ok"}' },
      { status: 404, body: '{"status": 404}' },
    ];
    expect(read(NodeParser!, CHUNKS)).toEqual(expected);
    expect(read(JsParser as unknown as ResponseParserClass, CHUNKS)).toEqual(expected);
  });
});

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
    expect(parseWrkReport(report)).toEqual({ requestsPerSec: 22670.91, p50Ms: 2.4, p99Ms: 6.6, non2xx: 12 });
    expect(() => parseWrkReport('Requests/sec: 1')).toThrow('without a 50% line');
  });
});
