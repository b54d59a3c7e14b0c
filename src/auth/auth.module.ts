import { Global, Module } from '@nestjs/common';
import { Authenticator } from './authenticator.js';

/** The one Authenticator (and its cache of verified tokens), for the guards and the write gate. */
@Global()
@Module({ providers: [Authenticator], exports: [Authenticator] })
export class AuthModule {}
