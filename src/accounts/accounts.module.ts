/**
 * Accounts, grants, sign-in links and sessions. Global for SESSION_CALLERS: the Authenticator
 * (src/auth) asks it for the caller of a session cookie, so a session goes the bearer token's way.
 */
import { Global, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { SESSION_CALLERS } from '../auth/session-cookie.js';
import { ReadModelsModule } from '../read-models/read-models.module.js';
import { READ_DB } from '../read-models/read-models.service.js';
import { GrantsController, SessionController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { OidcController } from './oidc.controller.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { SIGN_IN_STORE, SignInStore } from './sign-in-store.js';

@Global()
@Module({
  imports: [ReadModelsModule],
  controllers: [GrantsController, SessionController, OidcController],
  providers: [
    {
      provide: SIGN_IN_STORE,
      inject: [READ_DB],
      useFactory: (ds: DataSource) => new SignInStore(ds),
    },
    AccountsService,
    OidcSignIn,
    { provide: SESSION_CALLERS, useExisting: AccountsService },
  ],
  exports: [SESSION_CALLERS, SIGN_IN_STORE],
})
export class AccountsModule {}
