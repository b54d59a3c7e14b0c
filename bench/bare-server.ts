/**
 * The ceiling for HTTP figures: a bare NestJS 12 application on Fastify (the ledger's platform),
 * Fastify's JSON body parser, one controller, no guards, no validation, no store, no logs), run exactly like the ledger — a child
 * process on the same machine, loaded by the same autocannon settings. Whatever the ledger
 * does beyond this costs throughput; the bench reports the ratio.
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';

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
