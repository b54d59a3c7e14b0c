/**
 * Commands on calls. Opening names its triennium in the route; the others name only the call,
 * resolved to its triennium by the EntityDirectory before the admin's ambito can be checked.
 */
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  actorOf,
  requireAdminOf,
  requireAdminOrEnte,
  requireAuthenticated,
  type CallerOrAnonymous,
} from '../auth/caller.js';
import type { CallKind, EnteCategory, PolicyArea } from '../domain/vocabularies.js';
import type { WriteResult } from '../write-side/command-pipeline.js';
import { EntityDirectory } from '../write-side/entity-directory.js';
import { derivedId } from '../write-side/ids.js';
import { trienniumRef } from '../write-side/refs.js';
import { TrienniumWriter } from '../write-side/triennium-writer.js';
import type { WriteContext } from '../write-side/write-context.js';
import type {
  CloseCallDto,
  DecideRegistrationDto,
  OpenCallDto,
  RegisterEnteDto,
} from './calls.dto.js';
import { normaliseClosesAt } from './closes-at.js';

abstract class CallCommand<B> extends Command<WriteResult> {
  constructor(
    /** trienniumId for OpenCall, callId for the others. */
    readonly target: string,
    readonly body: B,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

export class OpenCallCommand extends CallCommand<OpenCallDto> {}
export class CloseCallCommand extends CallCommand<CloseCallDto> {}
export class RegisterEnteCommand extends CallCommand<RegisterEnteDto> {}
export class DecideRegistrationCommand extends CallCommand<DecideRegistrationDto> {
  constructor(
    callId: string,
    readonly codiceFiscale: string,
    body: DecideRegistrationDto,
    caller: CallerOrAnonymous,
    context: WriteContext,
  ) {
    super(callId, body, caller, context);
  }
}

@CommandHandler(OpenCallCommand)
export class OpenCallHandler implements ICommandHandler<OpenCallCommand> {
  constructor(private readonly writer: TrienniumWriter) {}

  execute({ target, body, caller, context }: OpenCallCommand): Promise<WriteResult> {
    requireAuthenticated(caller);
    const { trienniumId, ambitoId } = trienniumRef(target);
    const admin = requireAdminOf(caller, ambitoId);
    const callId = derivedId(context.idSeed, 'callId');
    return this.writer.write({
      trienniumId,
      ambitoId,
      actor: actorOf(admin),
      context,
      resultId: callId,
      command: () => ({
        type: 'OpenCall',
        data: {
          callId,
          title: body.title,
          kind: body.kind as CallKind,
          description: body.description ?? null,
          actReference: body.actReference ?? null,
          eligibleCategories: body.eligibleCategories as EnteCategory[],
          policyAreas: body.policyAreas as PolicyArea[],
          closesAt: normaliseClosesAt(body.closesAt),
        },
      }),
    });
  }
}

@CommandHandler(CloseCallCommand)
export class CloseCallHandler implements ICommandHandler<CloseCallCommand> {
  constructor(
    private readonly writer: TrienniumWriter,
    private readonly directory: EntityDirectory,
  ) {}

  async execute({ target: callId, body, caller, context }: CloseCallCommand): Promise<WriteResult> {
    requireAuthenticated(caller);
    const { trienniumId, ambitoId } = await this.directory.call(callId);
    const admin = requireAdminOf(caller, ambitoId);
    return this.writer.write({
      trienniumId,
      ambitoId,
      actor: actorOf(admin),
      context,
      resultId: callId,
      command: () => ({ type: 'CloseCall', data: { callId, reason: body.reason ?? null } }),
    });
  }
}

@CommandHandler(RegisterEnteCommand)
export class RegisterEnteHandler implements ICommandHandler<RegisterEnteCommand> {
  constructor(
    private readonly writer: TrienniumWriter,
    private readonly directory: EntityDirectory,
  ) {}

  async execute({
    target: callId,
    body,
    caller,
    context,
  }: RegisterEnteCommand): Promise<WriteResult> {
    requireAuthenticated(caller);
    const { trienniumId, ambitoId } = await this.directory.call(callId);
    const who = requireAdminOrEnte(caller, ambitoId, body.codiceFiscale);
    return this.writer.write({
      trienniumId,
      ambitoId,
      actor: actorOf(who),
      context,
      resultId: body.codiceFiscale,
      command: () => ({
        type: 'RegisterEnte',
        data: {
          callId,
          codiceFiscale: body.codiceFiscale,
          name: body.name,
          category: body.category as EnteCategory,
          comune: body.comune,
          runtsNumber: body.runtsNumber ?? null,
          contact: { name: body.contact.name, email: body.contact.email },
        },
      }),
    });
  }
}

@CommandHandler(DecideRegistrationCommand)
export class DecideRegistrationHandler implements ICommandHandler<DecideRegistrationCommand> {
  constructor(
    private readonly writer: TrienniumWriter,
    private readonly directory: EntityDirectory,
  ) {}

  async execute({
    target: callId,
    codiceFiscale,
    body,
    caller,
    context,
  }: DecideRegistrationCommand): Promise<WriteResult> {
    requireAuthenticated(caller);
    const { trienniumId, ambitoId } = await this.directory.call(callId);
    const admin = requireAdminOf(caller, ambitoId);
    return this.writer.write({
      trienniumId,
      ambitoId,
      actor: actorOf(admin),
      context,
      resultId: codiceFiscale,
      command: () => ({
        type: 'DecideRegistration',
        data: { callId, codiceFiscale, outcome: body.outcome, reason: body.reason ?? null },
      }),
    });
  }
}

export const CALL_HANDLERS = [
  OpenCallHandler,
  CloseCallHandler,
  RegisterEnteHandler,
  DecideRegistrationHandler,
];
