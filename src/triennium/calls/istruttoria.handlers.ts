/**
 * The istruttoria's steps on one registration, named in the route by call and codice fiscale.
 * The office asks and sends; the ente answers, or the office records the answer it received.
 */
import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  actorOf,
  isAdminOf,
  requireAdminOf,
  requireAdminOrEnte,
  requireAuthenticated,
  type AuthenticatedCaller,
  type CallerOrAnonymous,
} from '../../auth/caller.js';
import type { TrienniumCommand } from '../../domain/commands.js';
import type { WriteResult } from '../../write-side/command-pipeline.js';
import { EntityDirectory } from '../../write-side/entity-directory.js';
import { TrienniumWriter } from '../../write-side/triennium-writer.js';
import type { WriteContext } from '../../write-side/write-context.js';
import { normaliseClosesAt } from './closes-at.js';
import type {
  AnswerPreavvisoDto,
  AnswerSoccorsoDto,
  RequestSoccorsoDto,
  SendPreavvisoDto,
} from './istruttoria.dto.js';
import type { AnsweredVia } from './istruttoria.events.js';

abstract class OnRegistrationCommand<B> extends Command<WriteResult> {
  constructor(
    readonly callId: string,
    readonly codiceFiscale: string,
    readonly body: B,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

export class RequestSoccorsoCommand extends OnRegistrationCommand<RequestSoccorsoDto> {}
export class AnswerSoccorsoCommand extends OnRegistrationCommand<AnswerSoccorsoDto> {}
export class SendPreavvisoCommand extends OnRegistrationCommand<SendPreavvisoDto> {}
export class AnswerPreavvisoCommand extends OnRegistrationCommand<AnswerPreavvisoDto> {}

/** Who may act: the office only, or the office and that ente (an answer). */
type Who = 'admin' | 'adminOrEnte';

// Decorated so its constructor's parameter types are emitted for the subclasses' injection.
@Injectable()
abstract class OnRegistrationHandler<B> {
  constructor(
    private readonly writer: TrienniumWriter,
    private readonly directory: EntityDirectory,
  ) {}

  protected async run(
    c: OnRegistrationCommand<B>,
    who: Who,
    command: (via: AnsweredVia) => TrienniumCommand,
  ): Promise<WriteResult> {
    requireAuthenticated(c.caller);
    const { trienniumId, ambitoId } = await this.directory.call(c.callId);
    const caller: AuthenticatedCaller =
      who === 'admin'
        ? requireAdminOf(c.caller, ambitoId)
        : requireAdminOrEnte(c.caller, ambitoId, c.codiceFiscale);
    const via: AnsweredVia = isAdminOf(caller, ambitoId) ? 'ufficio' : 'ente';
    return this.writer.write({
      trienniumId,
      ambitoId,
      actor: actorOf(caller),
      context: c.context,
      resultId: c.codiceFiscale,
      command: () => command(via),
    });
  }
}

@CommandHandler(RequestSoccorsoCommand)
export class RequestSoccorsoHandler
  extends OnRegistrationHandler<RequestSoccorsoDto>
  implements ICommandHandler<RequestSoccorsoCommand>
{
  execute(c: RequestSoccorsoCommand): Promise<WriteResult> {
    return this.run(c, 'admin', () => ({
      type: 'RequestSoccorsoIstruttorio',
      data: {
        callId: c.callId,
        codiceFiscale: c.codiceFiscale,
        missing: c.body.missing,
        deadline: normaliseClosesAt(c.body.deadline),
      },
    }));
  }
}

@CommandHandler(AnswerSoccorsoCommand)
export class AnswerSoccorsoHandler
  extends OnRegistrationHandler<AnswerSoccorsoDto>
  implements ICommandHandler<AnswerSoccorsoCommand>
{
  execute(c: AnswerSoccorsoCommand): Promise<WriteResult> {
    return this.run(c, 'adminOrEnte', (via) => ({
      type: 'AnswerSoccorsoIstruttorio',
      data: {
        callId: c.callId,
        codiceFiscale: c.codiceFiscale,
        answer: c.body.answer,
        documentSha256s: c.body.documentSha256s ?? [],
        via,
      },
    }));
  }
}

@CommandHandler(SendPreavvisoCommand)
export class SendPreavvisoHandler
  extends OnRegistrationHandler<SendPreavvisoDto>
  implements ICommandHandler<SendPreavvisoCommand>
{
  execute(c: SendPreavvisoCommand): Promise<WriteResult> {
    return this.run(c, 'admin', () => ({
      type: 'SendPreavvisoDiRigetto',
      data: {
        callId: c.callId,
        codiceFiscale: c.codiceFiscale,
        reasons: c.body.reasons,
        answerWindowDays: c.body.answerWindowDays ?? null,
        actReference: c.body.actReference ?? null,
      },
    }));
  }
}

@CommandHandler(AnswerPreavvisoCommand)
export class AnswerPreavvisoHandler
  extends OnRegistrationHandler<AnswerPreavvisoDto>
  implements ICommandHandler<AnswerPreavvisoCommand>
{
  execute(c: AnswerPreavvisoCommand): Promise<WriteResult> {
    return this.run(c, 'adminOrEnte', (via) => ({
      type: 'AnswerPreavvisoDiRigetto',
      data: { callId: c.callId, codiceFiscale: c.codiceFiscale, answer: c.body.answer, via },
    }));
  }
}

export const ISTRUTTORIA_HANDLERS = [
  RequestSoccorsoHandler,
  AnswerSoccorsoHandler,
  SendPreavvisoHandler,
  AnswerPreavvisoHandler,
];
