/**
 * The ceiling for HTTP figures: a bare NestJS 12 application on Fastify (the ledger's platform),
 * Fastify's JSON body parser, one controller, no guards, no validation, no store, no logs), run exactly like the ledger — a child
 * process on the same machine, loaded by the same autocannon settings. Whatever the ledger
 * does beyond this costs throughput; the bench reports the ratio.
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Param, Post, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { apiSecurityHeaderList } from '../src/observability/security-headers.js';
import { TIMELINE_SIZED } from './lib/timeline-sized.js';

/**
 * The ledger's response headers on a timeline-sized answer: the ceiling of the machine and the
 * load generator for an answer of that size, which a tiny JSON answer does not show.
 */
const TIMELINE_SIZED_BYTES = Buffer.from(TIMELINE_SIZED, 'utf8');
const list = [
  ...apiSecurityHeaderList(),
  'X-RateLimit-Limit',
  '120000',
  'X-RateLimit-Remaining',
  '119999',
  'X-RateLimit-Reset',
  '60',
  'X-Correlation-Id',
  randomUUID(),
];
const LEDGER_HEADERS: Record<string, string> = {};
for (let i = 0; i < list.length; i += 2) LEDGER_HEADERS[list[i]!] = list[i + 1]!;

let position = 0;

@Controller()
class BareController {
  @Post('api/v1/tavoli/:tavoloId/contributions')
  @HttpCode(201)
  write(@Param('tavoloId') _tavoloId: string, @Body() _body: unknown) {
    position += 1;
    return { id: randomUUID(), position: String(position), eventIds: [randomUUID()] };
  }

  @Get('api/v1/triennia/:tid')
  read(@Param('tid') tid: string) {
    return { id: tid, position: String(position) };
  }

  @Get('api/v1/triennia/:tid/timeline')
  timeline(
    @Res({ passthrough: true })
    reply: {
      headers(values: Record<string, string>): unknown;
      type(value: string): unknown;
    },
  ) {
    reply.headers(LEDGER_HEADERS);
    reply.type('application/json; charset=utf-8');
    return TIMELINE_SIZED_BYTES;
  }

  @Get('health/ready')
  ready() {
    return { status: 'ok' };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, new FastifyAdapter(), { logger: false });
  await app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1');
}
void main();
