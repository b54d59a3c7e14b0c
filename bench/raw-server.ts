/**
 * The floor under every framework: Node's own HTTP server answering the timeline-sized JSON
 * (~19 KB) with only Content-Type and Content-Length. What this machine and the load generator
 * allow for an answer of that size at 64 clients, whatever any application does.
 */
import { createServer } from 'node:http';
import { TIMELINE_SIZED } from './lib/timeline-sized.js';

const body = Buffer.from(TIMELINE_SIZED, 'utf8');
const ok = Buffer.from('{"status":"ok"}');

createServer((req, res) => {
  const answer = req.url === '/health/ready' ? ok : body;
  res.writeHead(200, [
    'Content-Type',
    'application/json; charset=utf-8',
    'Content-Length',
    String(answer.length),
  ]);
  res.end(answer);
}).listen(Number(process.env.PORT ?? 3998), '127.0.0.1');
