/**
 * Commands on tavoli. Convening names its triennium in the route; the others name only the
 * tavolo, resolved to its triennium by the EntityDirectory before authorization.
 */
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { requireAdminOrEnte, type CallerOrAnonymous } from '../../auth/caller.js';
import type { WriteResult } from '../../write-side/command-pipeline.js';
import { EntityDirectory } from '../../write-side/entity-directory.js';
import { derivedId } from '../../write-side/ids.js';
import { trienniumRef } from '../../write-side/refs.js';
import { TrienniumWriter } from '../../write-side/triennium-writer.js';
import type { WriteContext } from '../../write-side/write-context.js';
import type {
  ConveneTavoloDto,
  JoinTavoloDto,
  RecordContributionDto,
  RecordSessionDto,
} from './tavoli.dto.js';

/** Convene a tavolo on the triennium named in the route. */
export class ConveneTavoloCommand extends Command<WriteResult> {
  constructor(
    readonly trienniumId: string,
    readonly body: ConveneTavoloDto,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

/** A command on one tavolo, named in the route; its triennium is looked up. */
abstract class OnTavoloCommand<B> extends Command<WriteResult> {
  constructor(
    readonly tavoloId: string,
    readonly body: B,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

export class RecordSessionCommand extends OnTavoloCommand<RecordSessionDto> {}
export class JoinTavoloCommand extends OnTavoloCommand<JoinTavoloDto> {}
export class RecordContributionCommand extends OnTavoloCommand<RecordContributionDto> {}

@CommandHandler(ConveneTavoloCommand)
export class ConveneTavoloHandler implements ICommandHandler<ConveneTavoloCommand> {
  constructor(private readonly writer: TrienniumWriter) {}

  execute({ trienniumId: tid, body, caller, context }: ConveneTavoloCommand): Promise<WriteResult> {
    const tavoloId = derivedId(context.idSeed, 'tavoloId');
    return this.writer.writeFor({
      caller,
      context,
      triennium: () => trienniumRef(tid),
      resultId: tavoloId,
      command: () => ({
        type: 'ConveneTavolo',
        data: {
          tavoloId,
          name: body.name,
          policyArea: body.policyArea,
          description: body.description ?? null,
          openToCitizens: body.openToCitizens ?? false,
        },
      }),
    });
  }
}

@CommandHandler(RecordSessionCommand)
export class RecordSessionHandler implements ICommandHandler<RecordSessionCommand> {
  constructor(
    private readonly writer: TrienniumWriter,
    private readonly directory: EntityDirectory,
  ) {}

  execute({ tavoloId, body, caller, context }: RecordSessionCommand): Promise<WriteResult> {
    const sessionId = derivedId(context.idSeed, 'sessionId');
    return this.writer.writeFor({
      caller,
      context,
      triennium: () => this.directory.tavolo(tavoloId),
      resultId: sessionId,
      command: () => ({
        type: 'RecordTavoloSession',
        data: {
          tavoloId,
          sessionId,
          heldOn: body.heldOn,
          title: body.title,
          attendees: body.attendees,
          participants: body.participants ?? [],
          minutesSha256: body.minutesSha256 ?? null,
        },
      }),
    });
  }
}

@CommandHandler(JoinTavoloCommand)
export class JoinTavoloHandler implements ICommandHandler<JoinTavoloCommand> {
  constructor(
    private readonly writer: TrienniumWriter,
    private readonly directory: EntityDirectory,
  ) {}

  execute({ tavoloId, body, caller, context }: JoinTavoloCommand): Promise<WriteResult> {
    return this.writer.writeFor({
      caller,
      context,
      triennium: () => this.directory.tavolo(tavoloId),
      authorise: (who, ambitoId) => requireAdminOrEnte(who, ambitoId, body.codiceFiscale),
      resultId: body.codiceFiscale,
      command: () => ({
        type: 'JoinTavolo',
        data: { tavoloId, codiceFiscale: body.codiceFiscale },
      }),
    });
  }
}

@CommandHandler(RecordContributionCommand)
export class RecordContributionHandler implements ICommandHandler<RecordContributionCommand> {
  constructor(
    private readonly writer: TrienniumWriter,
    private readonly directory: EntityDirectory,
  ) {}

  execute({ tavoloId, body, caller, context }: RecordContributionCommand): Promise<WriteResult> {
    const contributionId = derivedId(context.idSeed, 'contributionId');
    return this.writer.writeFor({
      caller,
      context,
      triennium: () => this.directory.tavolo(tavoloId),
      authorise: (who, ambitoId) => requireAdminOrEnte(who, ambitoId, body.codiceFiscale),
      resultId: contributionId,
      command: () => ({
        type: 'RecordContribution',
        data: {
          contributionId,
          tavoloId,
          codiceFiscale: body.codiceFiscale,
          kind: body.kind,
          title: body.title,
          body: body.body,
          sessionId: body.sessionId ?? null,
          attachments: (body.attachments ?? []).map((a) => ({ name: a.name, sha256: a.sha256 })),
        },
      }),
    });
  }
}

export const TAVOLO_HANDLERS = [
  ConveneTavoloHandler,
  RecordSessionHandler,
  JoinTavoloHandler,
  RecordContributionHandler,
];
