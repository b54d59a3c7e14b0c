import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { requireAdminOf, type CallerOrAnonymous } from '../../auth/caller.js';
import { trienniumIdOf } from '../../domain/events.js';
import type { WriteResult } from '../../write-side/command-pipeline.js';
import { ambitoRef } from '../../write-side/refs.js';
import { TrienniumWriter } from '../../write-side/triennium-writer.js';
import type { WriteContext } from '../../write-side/write-context.js';
import type { OpenTrienniumDto } from './opening.dto.js';

export class OpenTrienniumCommand extends Command<WriteResult> {
  constructor(
    readonly ambitoId: string,
    readonly body: OpenTrienniumDto,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

@CommandHandler(OpenTrienniumCommand)
export class OpenTrienniumHandler implements ICommandHandler<OpenTrienniumCommand> {
  constructor(private readonly writer: TrienniumWriter) {}

  execute({ ambitoId, body, caller, context }: OpenTrienniumCommand): Promise<WriteResult> {
    // The ambito is in the route: the caller is checked before its id (403 before 404).
    const admin = requireAdminOf(caller, ambitoId);
    ambitoRef(ambitoId);
    const trienniumId = trienniumIdOf(ambitoId, body.startYear);
    return this.writer.writeFor({
      caller: admin,
      context,
      triennium: () => ({ trienniumId, ambitoId }),
      resultId: trienniumId,
      command: () => ({ type: 'OpenTriennium', data: { ambitoId, startYear: body.startYear } }),
    });
  }
}
