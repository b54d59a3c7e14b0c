import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorOf, requireAdminOf, type CallerOrAnonymous } from '../auth/caller.js';
import { ambitoStream, trienniumStream } from '../domain/events.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import {
  CommandPipeline,
  type WriteResult,
  type StreamModel,
} from '../write-side/command-pipeline.js';
import type { WriteContext } from '../write-side/write-context.js';
import { upcast } from '../domain/upcasters.js';
import {
  evolveDocuments,
  initialDocumentsState,
  registerDocument,
  type DocumentsState,
  type RegisterDocument,
} from './documents.decide.js';
import { DOCUMENT_STORE, type DocumentStore } from './store/document-store.port.js';

/** The ambito's stream folded for its documents (the ambito's own model folds it for the triennia). */
export const documentsModel: StreamModel<DocumentsState> = {
  name: 'documents',
  initial: () => initialDocumentsState,
  evolve: (state, event) => evolveDocuments(state, upcast(event)),
};

export class RegisterDocumentCommand extends Command<WriteResult> {
  constructor(
    readonly data: RegisterDocument['data'],
    readonly bytes: Buffer,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterDocumentCommand)
export class RegisterDocumentHandler implements ICommandHandler<RegisterDocumentCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {}

  async execute({ data, bytes, caller, context }: RegisterDocumentCommand): Promise<WriteResult> {
    const admin = requireAdminOf(caller, data.ambitoId);
    const trienniumOfAmbito =
      data.trienniumId !== null && (await this.isTrienniumOf(data.trienniumId, data.ambitoId));
    // The bytes first, then the event: an event never names bytes the store lacks. Bytes whose
    // event is then refused stay stored unnamed (content-addressed: harmless, reused by a retry),
    // and the same bytes sent again for a registered document repair a corrupted copy.
    await this.documents.put(data.sha256, bytes);
    return this.pipeline.execute({
      streamId: ambitoStream(data.ambitoId),
      model: documentsModel,
      ambitoId: data.ambitoId,
      trienniumId: data.trienniumId,
      actor: actorOf(admin),
      context,
      decide: ({ state }) => ({
        events: registerDocument({ type: 'RegisterDocument', data }, state, { trienniumOfAmbito }),
        resultId: data.sha256,
      }),
    });
  }

  private async isTrienniumOf(trienniumId: string, ambitoId: string): Promise<boolean> {
    if (!/^[a-z0-9-]{1,80}$/.test(trienniumId)) return false;
    const [first] = await this.events.readStream(trienniumStream(trienniumId), 0n, 1);
    return (
      first?.type === 'TrienniumOpened' &&
      (first.data as { ambitoId?: string }).ambitoId === ambitoId
    );
  }
}
