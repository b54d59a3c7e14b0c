/** The office records the esito of a contribution of the triennium named in the route. */
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  actorOf,
  requireAdminOf,
  requireAuthenticated,
  type CallerOrAnonymous,
} from '../../auth/caller.js';
import type { WriteResult } from '../../write-side/command-pipeline.js';
import { trienniumRef } from '../../write-side/refs.js';
import { TrienniumWriter } from '../../write-side/triennium-writer.js';
import type { WriteContext } from '../../write-side/write-context.js';
import type { RecordEsitoDto } from './esiti.dto.js';

export class RecordEsitoCommand extends Command<WriteResult> {
  constructor(
    readonly trienniumId: string,
    readonly contributionId: string,
    readonly body: RecordEsitoDto,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

@CommandHandler(RecordEsitoCommand)
export class RecordEsitoHandler implements ICommandHandler<RecordEsitoCommand> {
  constructor(private readonly writer: TrienniumWriter) {}

  execute({ trienniumId: tid, contributionId, body, caller, context }: RecordEsitoCommand) {
    requireAuthenticated(caller);
    const { trienniumId, ambitoId } = trienniumRef(tid);
    const admin = requireAdminOf(caller, ambitoId);
    return this.writer.write({
      trienniumId,
      ambitoId,
      actor: actorOf(admin),
      context,
      resultId: contributionId,
      command: () => ({
        type: 'RecordContributionEsito',
        data: {
          contributionId,
          esito: body.esito,
          reasons: body.reasons,
          actReference: body.actReference ?? null,
        },
      }),
    });
  }
}
