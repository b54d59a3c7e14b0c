/** autocannon, wrapped: one run, its figures, and the status codes seen. */
import autocannon from 'autocannon';

export interface LoadFigures {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  seconds: number;
  connections: number;
}

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  /** Builds each request: method, path, headers, body. */
  next: () => { method: string; path: string; headers?: Record<string, string>; body?: string };
}

export async function load(spec: LoadSpec): Promise<LoadFigures> {
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (req) => {
          const r = spec.next();
          return { ...req, method: r.method, path: r.path, headers: { ...(r.headers ?? {}) }, body: r.body };
        },
      },
    ],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = count;
  const total = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    requestsPerSec: total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    seconds: result.duration,
    connections: spec.connections,
  };
}
