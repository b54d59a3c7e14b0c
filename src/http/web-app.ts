/**
 * The web application (web/, built by `npm run build` into dist/web) served by the ledger itself:
 * its files at their own paths, and its index.html for every other page URL, so that a deep link
 * (/triennio/varese-2025-2027/piano) works on reload. The API's paths are never shadowed: under
 * them an unknown URL gets the ledger's own 404 problem+json.
 */
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isWebAppPath } from '../observability/security-headers.js';

/**
 * Registers the web application's routes; call before `app.init()`. Without a built app (no
 * index.html in `webDir`) nothing is registered and `/` stays a 404, as before the web app existed.
 */
export async function installWebApp(app: NestFastifyApplication, webDir: string): Promise<boolean> {
  if (!existsSync(join(webDir, 'index.html'))) return false;
  // The hashed bundles never change under their name; index.html is read again on every visit.
  await app.register(fastifyStatic, {
    root: webDir,
    wildcard: false,
    index: false,
    maxAge: '365d',
    immutable: true,
  });
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const page = (request: FastifyRequest, reply: FastifyReply) => {
    if (!isWebAppPath(request.url)) return reply.callNotFound();
    // Always revalidated: a new release's index.html names its new bundles.
    return reply
      .header('Cache-Control', 'no-cache')
      .sendFile('index.html', { cacheControl: false });
  };
  fastify.get('/', page);
  fastify.get('/*', page);
  return true;
}
