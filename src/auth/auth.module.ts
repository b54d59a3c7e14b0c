import { Global, Module } from '@nestjs/common';
import { Authenticator } from './authenticator.js';
import { JwksVerifier } from './jwks-verifier.js';

/** The one Authenticator (and its cache of verified tokens), for the guards and the write gate. */
@Global()
@Module({ providers: [Authenticator, JwksVerifier], exports: [Authenticator, JwksVerifier] })
export class AuthModule {}
