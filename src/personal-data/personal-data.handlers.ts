/**
 * The data subject's rights as commands of the ambito's admin. Each one: read what is held
 * (PersonalDataRights.facts), decide on the ambito's stream (the event names the subject by id,
 * the actor is the admin's pseudonymous sub), then change the personal-data store. The event comes
 * first: if the store then fails, the command can be sent again (erasure and consent are
 * idempotent there) and nothing was claimed that did not happen in the chain.
 */
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorOf, requireAdminOf, type CallerOrAnonymous } from '../auth/caller.js';
import { Clock } from '../config/clock.js';
import { ambitoStream } from '../domain/events.js';
import { CommandPipeline, type WriteResult } from '../write-side/command-pipeline.js';
import { ambitoModel } from '../write-side/stream-models.js';
import type { WriteContext } from '../write-side/write-context.js';
import { decidePersonalData, type PersonalDataCommand } from './personal-data.decide.js';
import type { PersonalDataEvent } from './personal-data.events.js';
import { PersonalDataStore } from './personal-data.port.js';
import { PersonalDataRights } from './personal-data-rights.js';

export type PersonalDataWriteResult = WriteResult & {
  /** Erasure only: 'copies-only' when v1 events keep the data inside the chain. */
  scope?: 'complete' | 'copies-only';
  retainedInEvents?: string[];
};

export class PersonalDataCommandMessage extends Command<PersonalDataWriteResult> {
  constructor(
    readonly ambitoId: string,
    readonly command: PersonalDataCommand,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

@CommandHandler(PersonalDataCommandMessage)
export class PersonalDataCommandHandler implements ICommandHandler<PersonalDataCommandMessage> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly rights: PersonalDataRights,
    private readonly store: PersonalDataStore,
    private readonly clock: Clock,
  ) {}

  async execute({
    ambitoId,
    command,
    caller,
    context,
  }: PersonalDataCommandMessage): Promise<PersonalDataWriteResult> {
    const admin = requireAdminOf(caller, ambitoId);
    const { subjectId } = command.data;
    const facts = await this.rights.facts(subjectId);
    // Set when this call decided (not when the pipeline answered an earlier, identical request).
    let decided: PersonalDataEvent | undefined;
    const result = await this.pipeline.execute({
      streamId: ambitoStream(ambitoId),
      model: ambitoModel,
      ambitoId,
      trienniumId: null,
      actor: actorOf(admin),
      context,
      decide: ({ state }) => {
        const events = decidePersonalData(command, state, facts);
        decided = events[0];
        return { events, resultId: subjectId };
      },
    });
    const now = this.clock.now();
    switch (command.type) {
      case 'ErasePersonalData': {
        await this.store.erase(subjectId);
        const erased = decided?.type === 'PersonalDataErased' ? decided.data : null;
        return erased
          ? { ...result, scope: erased.scope, retainedInEvents: erased.retainedInEvents }
          : result;
      }
      case 'RectifyPersonalData':
        // A repeated request (same Idempotency-Key) answered from the first: applied then.
        if (decided) await this.store.rectify(subjectId, command.data.data, now);
        return result;
      case 'ChangePublicationConsent':
        await this.store.setConsent(subjectId, command.data.consent, now);
        return result;
    }
  }
}
