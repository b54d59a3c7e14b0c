/** The two steps of an OpenID Connect sign-in in the browser: to the issuer, and back. */
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiQuery,
  ApiResponse,
  ApiSchema,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookie } from '../auth/session-cookie.js';
import { DomainError } from '../domain/errors.js';
import { RefusalResponses } from '../http/refusals.doc.js';
import { PLATFORM_SCOPE } from './grants.decider.js';
import {
  OIDC_LOGIN_TTL_SECONDS,
  OIDC_PATH,
  OIDC_STATE_COOKIE,
  OidcSignIn,
} from './oidc-sign-in.js';

const AMBITO = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function stateCookieOf(headers: FastifyRequest['headers']): string | undefined {
  const raw = headers.cookie ?? '';
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === OIDC_STATE_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function stateCookie(value: string, maxAge: number, secure: boolean): string {
  return [
    `${OIDC_STATE_COOKIE}=${value}`,
    `Path=${OIDC_PATH}`,
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAge}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

@ApiSchema({ name: 'OidcAvailability' })
class OidcAvailabilityDoc {
  @ApiProperty({
    description:
      'Whether LEDGER_OIDC_ISSUER is configured (the sign-in page then offers SPID/CIE).',
    example: true,
  })
  enabled!: boolean;
}

@ApiTags('accounts')
@Controller('oidc')
export class OidcController {
  constructor(private readonly oidc: OidcSignIn) {}

  @Get()
  @ApiOperation({
    summary: 'Whether signing in with the identity provider is offered',
    description:
      'Anonymous. `enabled` is true when an OpenID Connect issuer is configured; the sign-in page ' +
      'then shows "Entra con SPID" / "Entra con CIE", which start GET /oidc/login.',
  })
  @ApiOkResponse({ type: OidcAvailabilityDoc })
  @RefusalResponses({ 401: ['UNAUTHENTICATED'], 429: ['RATE_LIMITED'] })
  availability(): OidcAvailabilityDoc {
    return { enabled: this.oidc.enabled };
  }

  @Get('login')
  @ApiOperation({
    summary: 'Sign in with the identity provider',
    description:
      'Redirects (302) the browser to LEDGER_OIDC_ISSUER (authorization code + PKCE, state and nonce). ' +
      "`ambito`: whose grants the session may take (with the platform's); 404 when OIDC is not configured.",
  })
  @ApiQuery({ name: 'ambito', required: false, schema: { type: 'string', example: 'varese' } })
  @ApiResponse({ status: 302, description: 'To the identity provider.' })
  @RefusalResponses({
    400: ['VALIDATION_FAILED'],
    401: ['UNAUTHENTICATED'],
    404: ['NOT_FOUND'],
    429: ['RATE_LIMITED'],
    503: ['TOKEN_KEYS_UNAVAILABLE'],
  })
  async login(
    @Query('ambito') ambito: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (ambito !== undefined && (typeof ambito !== 'string' || !AMBITO.test(ambito)))
      throw new DomainError('VALIDATION_FAILED', 'ambito must be an ambito id.', [
        { field: 'ambito', message: 'must be an ambito id' },
      ]);
    const { url, state } = await this.oidc.begin(ambito ?? PLATFORM_SCOPE);
    void reply
      .header('Set-Cookie', stateCookie(state, OIDC_LOGIN_TTL_SECONDS, req.protocol === 'https'))
      .header('Cache-Control', 'no-store')
      .redirect(url, 302);
  }

  @Get('callback')
  @ApiOperation({
    summary: 'Back from the identity provider',
    description:
      'Checks state (against the browser), PKCE and nonce, opens a session with the grant the ' +
      'ledger holds for the account, and redirects (303) to /accedi; without a grant, to ' +
      '/accedi#senza-ruolo=<account id> for the person to give the Ufficio di Piano.',
  })
  @ApiResponse({ status: 303, description: 'To the web application.' })
  @RefusalResponses({
    400: ['OIDC_REFUSED'],
    401: ['UNAUTHENTICATED'],
    404: ['NOT_FOUND'],
    429: ['RATE_LIMITED'],
    503: ['TOKEN_KEYS_UNAVAILABLE'],
  })
  async callback(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const query = new URLSearchParams(req.url.split('?')[1] ?? '');
    const secure = req.protocol === 'https';
    const outcome = await this.oidc.finish(query, stateCookieOf(req.headers));
    const cookies = [stateCookie('', 0, secure)];
    let to = '/accedi';
    if ('session' in outcome)
      cookies.push(
        sessionCookie(
          outcome.session.secret,
          Math.round((outcome.session.expiresAt.getTime() - Date.now()) / 1000),
          secure,
        ),
      );
    else to = `/accedi#senza-ruolo=${outcome.accountId}`;
    void reply.header('Set-Cookie', cookies).header('Cache-Control', 'no-store').redirect(to, 303);
  }
}
