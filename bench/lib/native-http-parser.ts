/**
 * autocannon reads every answer with http-parser-js, an HTTP parser written in JavaScript; under
 * the query loads (64 clients, ~20,000 answers/s) parsing is about a quarter of the load
 * generator's busy time, on the same two cores as the server it measures, and a load generator
 * near a full core adds its own waits to the latencies it reports. This hands autocannon Node's
 * own parser (llhttp, the one Node's HTTP client uses) behind the small part of http-parser-js's
 * interface autocannon calls: the constructor, the four callbacks and `execute`.
 *
 * Import it before autocannon. If Node's parser is not reachable (`_http_common` is internal),
 * nothing is replaced and autocannon keeps its own parser; `nativeParserInstalled` says which.
 */
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';

/** CommonJS `require` when compiled (the bench), one made from the working directory under Jest's ESM. */
const requireHere: NodeJS.Require = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'noop.js'));

interface NodeParser {
  initialize(kind: number, resource: object, maxHeaderSize?: number, lenient?: number): void;
  execute(chunk: Buffer): number | Error;
  [callback: number]: unknown;
}

interface NodeParserClass {
  new (): NodeParser;
  RESPONSE: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
}

/** The part of http-parser-js's HTTPParser that autocannon uses. */
export interface ResponseParserClass {
  new (kind?: unknown): { execute(chunk: Buffer): number | Error; [callback: number]: unknown };
  readonly RESPONSE: number;
  readonly kOnHeaders: number;
  readonly kOnHeadersComplete: number;
  readonly kOnBody: number;
  readonly kOnMessageComplete: number;
}

/** Node's parser behind http-parser-js's response-parser interface, or null where unreachable. */
export function nodeResponseParser(): ResponseParserClass | null {
  const P = nodeParserClass();
  return P ? responseParserOver(P) : null;
}

/** What autocannon's kOnHeadersComplete callback receives from http-parser-js. */
interface HeadersInfo {
  versionMajor: number;
  versionMinor: number;
  headers: string[];
  statusCode: number;
  statusMessage: string;
  upgrade: boolean;
  shouldKeepAlive: boolean;
}

function nodeParserClass(): NodeParserClass | null {
  try {
    const common = requireHere('_http_common') as { HTTPParser?: NodeParserClass };
    const P = common.HTTPParser;
    if (typeof P !== 'function' || typeof P.kOnHeadersComplete !== 'number') return null;
    return P;
  } catch {
    return null;
  }
}

function responseParserOver(P: NodeParserClass): ResponseParserClass {
  const { kOnHeaders, kOnHeadersComplete, kOnBody, kOnMessageComplete } = P;
  /** An http-parser-js response parser, as autocannon uses it, over Node's parser. */
  class ResponseParser {
    static readonly RESPONSE = P.RESPONSE;
    static readonly kOnHeaders = kOnHeaders;
    static readonly kOnHeadersComplete = kOnHeadersComplete;
    static readonly kOnBody = kOnBody;
    static readonly kOnMessageComplete = kOnMessageComplete;
    private readonly parser = new P();
    [callback: number]: unknown;

    constructor() {
      this.parser.initialize(P.RESPONSE, {});
      // Assignments of autocannon's callbacks land on Node's parser, adapted to its signatures.
      Object.defineProperty(this, kOnHeaders, { set: (fn: () => void) => (this.parser[kOnHeaders] = fn) });
      Object.defineProperty(this, kOnHeadersComplete, {
        set: (fn: (info: HeadersInfo) => void) =>
          (this.parser[kOnHeadersComplete] = (versionMajor: number, versionMinor: number, headers: string[] | undefined, _method: unknown, _url: unknown, statusCode: number, statusMessage: string, upgrade: boolean, shouldKeepAlive: boolean) =>
            fn({ versionMajor, versionMinor, headers: headers ?? [], statusCode, statusMessage, upgrade, shouldKeepAlive })),
      });
      // Node >= 12 passes the body chunk alone; http-parser-js passed (buffer, start, length).
      Object.defineProperty(this, kOnBody, {
        set: (fn: (body: Buffer, start: number, length: number) => void) => (this.parser[kOnBody] = (body: Buffer) => fn(body, 0, body.length)),
      });
      Object.defineProperty(this, kOnMessageComplete, { set: (fn: () => void) => (this.parser[kOnMessageComplete] = fn) });
    }

    execute(chunk: Buffer): number | Error {
      return this.parser.execute(chunk);
    }
  }
  return ResponseParser;
}

function install(): boolean {
  const P = nodeParserClass();
  if (!P) return false;
  try {
    // The http-parser-js that autocannon's HTTP client requires, resolved from there.
    const fromAutocannon = createRequire(requireHere.resolve('autocannon/lib/httpClient.js'));
    const path = fromAutocannon.resolve('http-parser-js');
    if (requireHere.cache[path]) return false; // already loaded: autocannon has its parser
    const shim = new Module(path);
    shim.filename = path;
    shim.loaded = true;
    shim.exports = { HTTPParser: responseParserOver(P) };
    requireHere.cache[path] = shim;
    return true;
  } catch {
    return false;
  }
}

export const nativeParserInstalled = install();
