import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorOf, requireAdminOf, type CallerOrAnonymous } from '../../auth/caller.js';
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
    const admin = requireAdminOf(caller, ambitoId);
    ambitoRef(ambitoId);
    const trienniumId = trienniumIdOf(ambitoId, body.startYear);
    return this.writer.write({
      trienniumId,
      ambitoId,
      actor: actorOf(admin),
      context,
      resultId: trienniumId,
      command: () => ({ type: 'OpenTriennium', data: { ambitoId, startYear: body.startYear } }),
    });
  }
}
