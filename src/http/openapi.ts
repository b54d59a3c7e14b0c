/**
 * The OpenAPI document (/docs-json): the contract clients are generated from, linted in CI with
 * the "Italian Guidelines Full" ruleset of AgID's interoperability guidelines (npm run
 * lint:openapi).
 *
 * Controllers describe their own operations (CommandEndpoint, ReadEndpoint, the answer schemas
 * beside them); what every operation shares is added here, once: the rate-limit headers on every
 * answer of a rate-limited operation, Retry-After on 429 and 503, X-Correlation-Id on every
 * answer, `x-summary`, and a `format` on numbers the schemas of libraries leave without one.
 */
import { documentReadCaching } from './read-caching.js';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * The version of the HTTP contract (API.md, v1), semver: the minor grows with additions, the
 * major only with a change a client would notice (never within /api/v1).
 */
export const API_VERSION = '1.0.0';

/** Paths the rate limiter never counts (src/observability/rate-limit.ts): probes. */
const UNLIMITED = /^(\/api\/v1)?\/(health|status)(\/|$)/;

type Header = { description: string; schema: Record<string, unknown> };

const SECONDS = { type: 'integer', format: 'int32', minimum: 0 };

export const RATE_LIMIT_HEADERS: Record<string, Header> = {
  'X-RateLimit-Limit': {
    description: 'Requests allowed per caller in a minute (LEDGER_RATE_LIMIT_PER_MINUTE).',
    schema: { type: 'integer', format: 'int32', minimum: 1 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left to this caller in the current minute.',
    schema: { type: 'integer', format: 'int32', minimum: 0 },
  },
  'X-RateLimit-Reset': {
    description: 'Seconds until the current window ends.',
    schema: SECONDS,
  },
  'RateLimit-Policy': {
    description:
      'The quota, structured (draft-ietf-httpapi-ratelimit-headers): q requests per w s.',
    schema: { type: 'string', example: '"caller";q=120000;w=60' },
  },
  RateLimit: {
    description:
      'What is left, structured (draft-ietf-httpapi-ratelimit-headers): r requests, reset in t s.',
    schema: { type: 'string', example: '"caller";r=119999;t=42' },
  },
};

const RETRY_AFTER: Header = {
  description:
    'Seconds to wait before trying again (429 always; 503 when the wait is known, as for ' +
    'EVENT_STORE_UNAVAILABLE).',
  schema: SECONDS,
};

const CORRELATION_ID: Header = {
  description: "The request's correlation id (the caller's X-Correlation-Id, or a new UUID).",
  schema: { type: 'string' },
};

const TAGS: Array<[string, string]> = [
  ['commands', 'Writes: each records one event and answers 201 with its position (API.md).'],
  [
    'queries',
    'Reads of the projections; anonymous unless marked, `?minPosition=` to read a write.',
  ],
  ['integrity', 'Hash chains, the seal and the audit trail, read from the event store itself.'],
  ['health', 'Probes for orchestrators and for the PDND catalogue; never rate-limited.'],
  [
    'documents',
    'Documents the ledger keeps by their SHA-256 (minutes, materials, attachments, the plan): uploaded, downloaded, checked.',
  ],
  [
    'sintesi',
    'The documento istruttorio di sintesi, generated from the events: JSON, printable HTML, PDF; the same events, the same bytes.',
  ],
  [
    'accounts',
    'Signed-in people: grants of pseudonymous accounts (events), one-time sign-in links, sessions.',
  ],
  [
    'personal-data',
    "The data subjects' rights (GDPR arts. 15-17), for the ambito's admin: what is held about a person.",
  ],
];

/**
 * Operations whose controllers carry no OpenAPI words of their own (src/health's probes, which
 * Terminus documents), by operationId.
 */
const OPERATIONS: Record<string, { summary: string; description: string; answer?: Json }> = {
  HealthController_live: {
    summary: 'Liveness',
    description: 'Answers 200 `{ status: "ok" }` while the process serves HTTP.',
    answer: {
      type: 'object',
      properties: { status: { type: 'string', enum: ['ok'] } },
      required: ['status'],
    },
  },
  HealthController_ready: {
    summary: 'Readiness',
    description:
      "Checks the event store and the read database; 503 with Terminus' body naming what is " +
      'down. /status runs the same checks and answers problem+json.',
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

type Json = Record<string, unknown>;

/** Adds `format` to number/integer schemas that lack one (Terminus' health schemas). */
function addNumberFormats(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(addNumberFormats);
  if (node === null || typeof node !== 'object') return;
  const o = node as Json;
  if (o.type === 'number' && o.format === undefined) o.format = 'double';
  if (o.type === 'integer' && o.format === undefined) o.format = 'int64';
  for (const value of Object.values(o)) addNumberFormats(value);
}

/** What every operation shares, added to the document Nest built from the controllers. */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (!operation) continue;
      const words = OPERATIONS[String(operation.operationId)];
      if (words && operation.summary === undefined) {
        const { answer, ...text } = words;
        Object.assign(operation, text);
        const ok = (operation.responses as Record<string, Json>)['200'];
        if (answer && ok && !ok.content) ok.content = { 'application/json': { schema: answer } };
      }
      if (typeof operation.summary === 'string') operation['x-summary'] = operation.summary;
      const limited = !UNLIMITED.test(path);
      const responses = operation.responses as Record<string, Json>;
      // Orchestrators and the readiness tests read Terminus' JSON body: kept as it is, and
      // exempted from the problem+json rule (its `x-noqa`); /status is the problem+json probe.
      if (operation.operationId === 'HealthController_ready' && responses['503'])
        responses['503']['x-noqa'] = true;
      for (const [status, response] of Object.entries(responses)) {
        if (!limited) continue;
        const headers = ((response.headers as Json | undefined) ?? {}) as Json;
        headers['X-Correlation-Id'] = CORRELATION_ID;
        Object.assign(headers, RATE_LIMIT_HEADERS);
        if (status === '429' || status === '503') headers['Retry-After'] = RETRY_AFTER;
        response.headers = headers;
      }
    }
  }
  addNumberFormats(document);
  return document;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Participation ledger')
    .setDescription(
      'Event-sourced record of how an ambito territoriale sociale writes its Piano di Zona with ' +
        'the third sector: calls, registrations, tavoli, contributions and the plan approval, each ' +
        'an event in a hash-chained ledger sealed by the approval (API.md). Errors are ' +
        'application/problem+json (RFC 9457) with a stable `code`; every answer of a ' +
        'rate-limited operation carries X-RateLimit-* and RateLimit headers.',
    )
    .setVersion(API_VERSION)
    .setContact(
      'Participation ledger',
      'https://participation-ledger.example/',
      'ledger@participation-ledger.example',
    )
    .setLicense(
      'EUPL-1.2',
      'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'HS256 token with `sub`, `role` (admin, ente, evaluator), `ambito` or `ente` claims ' +
          '(`npm run token`); or an RS256/ES256 access token of the identity provider whose JWKS ' +
          'is configured (LEDGER_JWKS_*, e.g. PDND vouchers).',
      },
      'bearer',
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const config = builder.build();
  (config.info as unknown as Json)['x-summary'] =
    'Participation of the third sector in the Piani di Zona, as a verifiable ledger.';
  (config.info as unknown as Json)['x-api-id'] = 'a4e1c2b8-5f3d-4d0a-9b6e-7c21d0f4e9a3';
  // Tags are those of TAGS, set on the operations; none derived from controller names.
  const document = SwaggerModule.createDocument(app, config, { autoTagControllers: false });
  // Conditional GETs (If-None-Match, ETag, 304) first: completeDocument then gives the 304 the
  // headers every answer of a rate-limited operation carries.
  documentReadCaching(document);
  return completeDocument(document);
}
