import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideAmbito, type AmbitoState } from './ambito.decider.js';
import { ambitoStream, type AmbitoEvent } from '../domain/events.js';
import { actorOf, requireAdminOf, type CallerOrAnonymous } from '../auth/caller.js';
import { CommandPipeline, type WriteResult } from '../write-side/command-pipeline.js';
import { ambitoModel } from '../write-side/stream-models.js';
import type { WriteContext } from '../write-side/write-context.js';
import type { RegisterAmbitoDto } from './ambito.dto.js';

export class RegisterAmbitoCommand extends Command<WriteResult> {
  constructor(
    readonly body: RegisterAmbitoDto,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterAmbitoCommand)
export class RegisterAmbitoHandler implements ICommandHandler<RegisterAmbitoCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute({ body, caller, context }: RegisterAmbitoCommand): Promise<WriteResult> {
    // `*` registers any ambito; an admin whose claim names this id may register its own.
    const admin = requireAdminOf(caller, body.id);
    return this.pipeline.execute<AmbitoState | null, AmbitoEvent>({
      streamId: ambitoStream(body.id),
      model: ambitoModel,
      ambitoId: body.id,
      trienniumId: null,
      actor: actorOf(admin),
      context,
      decide: ({ state }) => ({
        events: decideAmbito(
          {
            type: 'RegisterAmbito',
            data: {
              ambitoId: body.id,
              name: body.name,
              region: body.region,
              capofila: body.capofila,
              comuni: body.comuni,
            },
          },
          state,
        ),
        resultId: body.id,
      }),
    });
  }
}
