/**
 * Commands on calls. Opening names its triennium in the route; the others name only the call,
 * resolved to its triennium by the EntityDirectory before the admin's ambito can be checked.
 */
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type AuthenticatedCaller,
  actorOf,
  requireAdminOrEnte,
  requireAuthenticated,
  type CallerOrAnonymous,
} from '../../auth/caller.js';
import { Clock } from '../../config/clock.js';
import {
  PersonalDataStore,
  SubjectAlreadyRecordedError,
} from '../../personal-data/personal-data.port.js';
import { contactSubjectIdOf } from '../../personal-data/subject-ids.js';
import type { WriteResult } from '../../write-side/command-pipeline.js';
import { EntityDirectory } from '../../write-side/entity-directory.js';
import { derivedId } from '../../write-side/ids.js';
import { trienniumRef } from '../../write-side/refs.js';
import { TrienniumWriter } from '../../write-side/triennium-writer.js';
import type { WriteContext } from '../../write-side/write-context.js';
import type {
  CloseCallDto,
  DecideRegistrationDto,
  OpenCallDto,
  RegisterEnteDto,
} from './calls.dto.js';
import { normaliseClosesAt } from './closes-at.js';

/** Open a call on the triennium named in the route. */
export class OpenCallCommand extends Command<WriteResult> {
  constructor(
    readonly trienniumId: string,
    readonly body: OpenCallDto,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

/** A command on one call, named in the route; its triennium is looked up. */
abstract class OnCallCommand<B> extends Command<WriteResult> {
  constructor(
    readonly callId: string,
    readonly body: B,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

export class CloseCallCommand extends OnCallCommand<CloseCallDto> {}
export class RegisterEnteCommand extends OnCallCommand<RegisterEnteDto> {}
export class DecideRegistrationCommand extends OnCallCommand<DecideRegistrationDto> {
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

  execute({ trienniumId: tid, body, caller, context }: OpenCallCommand): Promise<WriteResult> {
    const callId = derivedId(context.idSeed, 'callId');
    return this.writer.writeFor({
      caller,
      context,
      triennium: () => trienniumRef(tid),
      resultId: callId,
      command: () => ({
        type: 'OpenCall',
        data: {
          callId,
          title: body.title,
          kind: body.kind,
          description: body.description ?? null,
          actReference: body.actReference ?? null,
          eligibleCategories: body.eligibleCategories,
          policyAreas: body.policyAreas,
          closesAt: normaliseClosesAt(body.closesAt),
          responsabile: body.responsabile
            ? { role: body.responsabile.role, accountId: body.responsabile.accountId ?? null }
            : null,
          admitLate: body.admitLate === true,
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

  execute({ callId, body, caller, context }: CloseCallCommand): Promise<WriteResult> {
    return this.writer.writeFor({
      caller,
      context,
      triennium: () => this.directory.call(callId),
      resultId: callId,
      command: () => ({ type: 'CloseCall', data: { callId, reason: body.reason ?? null } }),
    });
  }
}

/**
 * The contact person is a natural person: recorded in the personal-data store first, under an id
 * derived from the command (a retry finds it already there), and the event names only that id.
 * If the write is then refused or fails, the record this attempt made is discarded: no orphan.
 */
@CommandHandler(RegisterEnteCommand)
export class RegisterEnteHandler implements ICommandHandler<RegisterEnteCommand> {
  constructor(
    private readonly writer: TrienniumWriter,
    private readonly directory: EntityDirectory,
    private readonly personalData: PersonalDataStore,
    private readonly clock: Clock,
  ) {}

  async execute({ callId, body, caller, context }: RegisterEnteCommand): Promise<WriteResult> {
    requireAuthenticated(caller);
    const { trienniumId, ambitoId } = await this.directory.call(callId);
    const who = requireAdminOrEnte(caller, ambitoId, body.codiceFiscale);
    const contactSubjectId = contactSubjectIdOf(context.idSeed);
    let recordedHere = true;
    try {
      await this.personalData.record(
        {
          subjectId: contactSubjectId,
          ambitoId,
          kind: 'contact',
          data: { name: body.contact.name, email: body.contact.email },
        },
        this.clock.now(),
      );
    } catch (error) {
      // A retry of this command (same id seed): the first attempt recorded it.
      if (!(error instanceof SubjectAlreadyRecordedError)) throw error;
      recordedHere = false;
    }
    try {
      return await this.write(callId, body, trienniumId, ambitoId, who, context, contactSubjectId);
    } catch (error) {
      if (recordedHere) await this.personalData.discard(contactSubjectId).catch(() => undefined);
      throw error;
    }
  }

  private write(
    callId: string,
    body: RegisterEnteDto,
    trienniumId: string,
    ambitoId: string,
    who: AuthenticatedCaller,
    context: WriteContext,
    contactSubjectId: string,
  ): Promise<WriteResult> {
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
          category: body.category,
          comune: body.comune,
          runtsNumber: body.runtsNumber ?? null,
          contactSubjectId,
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

  execute({
    callId,
    codiceFiscale,
    body,
    caller,
    context,
  }: DecideRegistrationCommand): Promise<WriteResult> {
    return this.writer.writeFor({
      caller,
      context,
      triennium: () => this.directory.call(callId),
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
