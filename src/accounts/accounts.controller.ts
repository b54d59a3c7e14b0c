/**
 * Grants (who an account may act as), sign-in links and the session of a signed-in person.
 * Grants are commands (201 WriteResult, recorded in `accounts-{ambitoId}` / `accounts-platform`);
 * links and sessions live beside the read models, never in events.
 */
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, Caller, requireAuthenticated, type CallerOrAnonymous } from '../auth/caller.js';
import { clearedSessionCookie, sessionCookie, sessionCookieOf } from '../auth/session-cookie.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { codiceFiscaleProblem } from '../domain/codice-fiscale.js';
import { DomainError } from '../domain/errors.js';
import { API_PREFIX, created, type LocationResponse } from '../http/created.js';
import { ReadEndpoint } from '../http/read-endpoint.doc.js';
import { RefusalResponses } from '../http/refusals.doc.js';
import { CommandEndpoint } from '../http/write-result.doc.js';
import { correlationIdOf } from '../observability/correlation-id.js';
import { Write, type WriteContext } from '../write-side/write-context.js';
import {
  GrantAccessDto,
  GrantListDoc,
  LoginLinkDoc,
  LoginLinkDto,
  SessionDoc,
  SignInDto,
} from './accounts.dto.js';
import { AccountsService, requireGranter, sameOrigin } from './accounts.service.js';
import { PLATFORM_SCOPE, type Grant } from './grants.decider.js';
import type { SessionRecord } from './sign-in-store.js';

function checkedEnte(ente: string | undefined, role: string): string | null {
  if (role !== 'ente') {
    if (ente !== undefined && ente !== null)
      throw new DomainError('VALIDATION_FAILED', 'Only an ente grant names an ente.', [
        { field: 'ente', message: 'is only for role ente' },
      ]);
    return null;
  }
  const problem =
    ente === undefined || ente === null ? 'is required for role ente' : codiceFiscaleProblem(ente);
  if (problem === null) return ente!;
  if (ente === undefined || ente === null)
    throw new DomainError('VALIDATION_FAILED', 'An ente grant names the ente.', [
      { field: 'ente', message: problem },
    ]);
  throw new DomainError('INVALID_CODICE_FISCALE', problem, [{ field: 'ente', message: problem }]);
}

function grantOf(scope: string, body: GrantAccessDto): Grant {
  const allowed = scope === PLATFORM_SCOPE ? ['evaluator', 'admin'] : ['admin', 'ente'];
  if (!allowed.includes(body.role))
    throw new DomainError(
      'VALIDATION_FAILED',
      scope === PLATFORM_SCOPE
        ? 'The platform grants evaluator and admin (of *) roles; an ambito grants the rest.'
        : 'An ambito grants admin and ente roles; evaluators are granted on the platform.',
      [{ field: 'role', message: `must be one of ${allowed.join(', ')}` }],
    );
  return {
    accountId: body.account,
    role: body.role,
    ambitoId: body.role === 'evaluator' ? null : scope === PLATFORM_SCOPE ? '*' : scope,
    ente: checkedEnte(body.ente, body.role),
  };
}

@ApiTags('accounts')
@Controller()
export class GrantsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('ambiti/:ambitoId/grants')
  @CommandEndpoint(
    'AccessGranted; id = the grant id.',
    'GRANT_EXISTS 409, INVALID_CODICE_FISCALE 400',
  )
  grantInAmbito(
    @Param('ambitoId') ambitoId: string,
    @Body() body: GrantAccessDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    return this.grant(ambitoId, body, caller, write, res);
  }

  @Post('platform/grants')
  @CommandEndpoint(
    'AccessGranted; id = the grant id (evaluator or admin of *).',
    'GRANT_EXISTS 409',
  )
  grantOnPlatform(
    @Body() body: GrantAccessDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    return this.grant(PLATFORM_SCOPE, body, caller, write, res);
  }

  @Post('ambiti/:ambitoId/grants/:grantId/revocation')
  @CommandEndpoint('AccessRevoked; id = the grant id.', 'NOT_FOUND 404')
  revokeInAmbito(
    @Param('ambitoId') ambitoId: string,
    @Param('grantId') grantId: string,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    return this.revoke(ambitoId, grantId, caller, write, res);
  }

  @Post('platform/grants/:grantId/revocation')
  @CommandEndpoint('AccessRevoked; id = the grant id (platform).', 'NOT_FOUND 404')
  revokeOnPlatform(
    @Param('grantId') grantId: string,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    return this.revoke(PLATFORM_SCOPE, grantId, caller, write, res);
  }

  @Get('ambiti/:ambitoId/grants')
  @ReadEndpoint({
    summary: "List an ambito's grants",
    description: 'The active grants of the ambito (admins and enti), for its administrators.',
    type: GrantListDoc,
    tag: 'accounts',
    auth: 'required',
    minPosition: false,
    refusals: { 403: ['FORBIDDEN'] },
  })
  async listInAmbito(@Param('ambitoId') ambitoId: string, @Caller() caller: CallerOrAnonymous) {
    requireGranter(caller, ambitoId);
    return { items: await this.accounts.grants(ambitoId) };
  }

  @Get('platform/grants')
  @ReadEndpoint({
    summary: "List the platform's grants",
    description: 'The active evaluator and platform-admin grants, for the platform operator.',
    type: GrantListDoc,
    tag: 'accounts',
    auth: 'required',
    minPosition: false,
    refusals: { 403: ['FORBIDDEN'] },
  })
  async listOnPlatform(@Caller() caller: CallerOrAnonymous) {
    requireGranter(caller, PLATFORM_SCOPE);
    return { items: await this.accounts.grants(PLATFORM_SCOPE) };
  }

  @Post('ambiti/:ambitoId/login-links')
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Make a one-time sign-in link',
    description:
      'An admin of the ambito makes a sign-in link for an ente (or another admin) of its ambito, to send by mail. ' +
      'The link is valid once, for LEDGER_LOGIN_LINK_TTL; using it records the grant if the account lacks it. Nothing is recorded until then.',
  })
  @ApiCreatedResponse({ type: LoginLinkDoc, description: 'The link to send.' })
  @RefusalResponses({
    400: ['VALIDATION_FAILED', 'INVALID_CODICE_FISCALE'],
    401: ['UNAUTHENTICATED'],
    403: ['FORBIDDEN', 'CSRF_REFUSED'],
    429: ['RATE_LIMITED'],
  })
  async loginLink(
    @Param('ambitoId') ambitoId: string,
    @Body() body: LoginLinkDto,
    @Caller() caller: CallerOrAnonymous,
  ) {
    const admin = requireGranter(caller, ambitoId);
    return this.accounts.issueLink(
      {
        role: body.role,
        ambitoId,
        ente: checkedEnte(body.ente, body.role),
        accountId: body.account ?? null,
      },
      { sub: admin.sub, role: admin.role, ambito: admin.ambito ?? null },
    );
  }

  private async grant(
    scope: string,
    body: GrantAccessDto,
    caller: CallerOrAnonymous,
    write: WriteContext,
    res: LocationResponse,
  ) {
    const admin = requireGranter(caller, scope);
    const result = await this.accounts.grant(scope, grantOf(scope, body), actorOf(admin), write);
    return created(res, `${API_PREFIX}/${grantsPath(scope)}`, result);
  }

  private async revoke(
    scope: string,
    grantId: string,
    caller: CallerOrAnonymous,
    write: WriteContext,
    res: LocationResponse,
  ) {
    const admin = requireGranter(caller, scope);
    const result = await this.accounts.revoke(scope, grantId, actorOf(admin), write);
    return created(res, `${API_PREFIX}/${grantsPath(scope)}`, result);
  }
}

const grantsPath = (scope: string) =>
  scope === PLATFORM_SCOPE ? 'platform/grants' : `ambiti/${encodeURIComponent(scope)}/grants`;

function sessionAnswer(s: SessionRecord) {
  return {
    accountId: s.accountId,
    role: s.role,
    ambito: s.role === 'admin' ? (s.ambitoId ?? '*') : null,
    ente: s.ente,
    expiresAt: s.expiresAt.toISOString(),
    csrfToken: s.csrfToken,
  };
}

@ApiTags('accounts')
@Controller('session')
export class SessionController {
  constructor(
    private readonly accounts: AccountsService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Sign in with a one-time link',
    description:
      'Uses the link (once), records the grant it carries if the account lacks it, and opens a session: ' +
      'an HttpOnly, SameSite=Lax cookie (Secure over HTTPS) lasting LEDGER_SESSION_TTL. ' +
      'Every write of the session carries its csrfToken in X-CSRF-Token.',
  })
  @ApiCreatedResponse({ type: SessionDoc, description: 'Signed in.' })
  @RefusalResponses({
    400: ['VALIDATION_FAILED', 'LOGIN_LINK_INVALID'],
    401: ['UNAUTHENTICATED'],
    403: ['CSRF_REFUSED'],
    410: ['LOGIN_LINK_EXPIRED', 'LOGIN_LINK_USED'],
    429: ['RATE_LIMITED'],
  })
  async signIn(
    @Body() body: SignInDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // No session yet to hold a CSRF token: a sign-in from another site is refused by its Origin.
    if (!sameOriginRequest(req, this.config))
      throw new DomainError('CSRF_REFUSED', 'Sign in from the ledger’s own pages.');
    const session = await this.accounts.signIn(body.link, correlationIdOf(req.raw));
    void reply.header(
      'Set-Cookie',
      sessionCookie(session.secret, this.config.sessionTtlSeconds, req.protocol === 'https'),
    );
    return sessionAnswer(session);
  }

  @Get()
  @ApiOperation({
    summary: 'Who is signed in',
    description:
      "The session of the request's cookie, with its CSRF token; 204 (no body) when nobody is signed in.",
  })
  @ApiOkResponse({ type: SessionDoc })
  @ApiNoContentResponse({ description: 'Nobody is signed in (no cookie, or its session ended).' })
  @RefusalResponses({ 401: ['UNAUTHENTICATED'], 429: ['RATE_LIMITED'] })
  async current(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const cookie = sessionCookieOf(req.headers);
    const session = cookie === undefined ? null : await this.accounts.session(cookie);
    if (!session) {
      void reply.code(204);
      return undefined;
    }
    return sessionAnswer(session);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out',
    description: 'Ends the session of the cookie (which must carry X-CSRF-Token) and clears it.',
  })
  @ApiNoContentResponse({ description: 'Signed out: the session is ended and its cookie cleared.' })
  @RefusalResponses({ 401: ['UNAUTHENTICATED'], 403: ['CSRF_REFUSED'], 429: ['RATE_LIMITED'] })
  async signOut(
    @Caller() caller: CallerOrAnonymous,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    requireAuthenticated(caller);
    const cookie = sessionCookieOf(req.headers);
    if (cookie !== undefined) await this.accounts.signOut(cookie);
    void reply.header('Set-Cookie', clearedSessionCookie(req.protocol === 'https'));
  }
}

function sameOriginRequest(req: FastifyRequest, config: LedgerConfig): boolean {
  return sameOrigin(req.headers, config.publicUrl);
}
