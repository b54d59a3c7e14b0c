/**
 * Resolves the ids in routes that do not name their triennium (`/calls/{callId}`,
 * `/tavoli/{tavoloId}`) to the stream that holds them. It is an in-memory index over the store's
 * global order, filtered to the two events that create such ids; a miss catches up from the last
 * position read before answering "not found". So it needs no storage of its own and stays right
 * across restarts and across processes writing to the same store.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../domain/errors.js';
import {
  EVENT_STORE,
  EventStoreUnavailableError,
  type EventStore,
} from '../event-store/event-store.port.js';

export interface EntityRef {
  trienniumId: string;
  ambitoId: string;
}

const CREATING_EVENTS = ['CallOpened', 'TavoloConvened'] as const;
const BATCH = 1000;

@Injectable()
export class EntityDirectory {
  private readonly calls = new Map<string, EntityRef>();
  private readonly tavoli = new Map<string, EntityRef>();
  private checkpoint = -1n;
  private catchingUp: Promise<void> | null = null;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async call(callId: string): Promise<EntityRef> {
    return this.resolve(this.calls, callId, 'call');
  }

  async tavolo(tavoloId: string): Promise<EntityRef> {
    return this.resolve(this.tavoli, tavoloId, 'tavolo');
  }

  private async resolve(
    index: Map<string, EntityRef>,
    id: string,
    what: string,
  ): Promise<EntityRef> {
    const known = index.get(id);
    if (known) return known;
    await this.catchUp();
    // A catch-up already under way when we missed may have read the store before the entity was
    // written: if so, one more, which necessarily starts after our miss.
    if (!index.has(id)) await this.catchUp();
    const found = index.get(id);
    if (!found) throw new DomainError('NOT_FOUND', `No ${what} with id "${id}".`);
    return found;
  }

  /** One catch-up at a time: concurrent misses share it. */
  private catchUp(): Promise<void> {
    this.catchingUp ??= this.readNew().finally(() => (this.catchingUp = null));
    return this.catchingUp;
  }

  private async readNew(): Promise<void> {
    for (;;) {
      let batch;
      try {
        batch = await this.store.readAll({
          after: this.checkpoint,
          limit: BATCH,
          eventTypes: CREATING_EVENTS,
        });
      } catch (error) {
        if (error instanceof EventStoreUnavailableError) {
          throw new DomainError(
            'EVENT_STORE_UNAVAILABLE',
            'The event store cannot be reached; retry shortly.',
          );
        }
        throw error;
      }
      for (const event of batch) {
        const { trienniumId, ambitoId } = event.metadata;
        if (trienniumId) {
          const ref = { trienniumId, ambitoId };
          if (event.type === 'CallOpened') this.calls.set(String(event.data.callId), ref);
          if (event.type === 'TavoloConvened') this.tavoli.set(String(event.data.tavoloId), ref);
        }
        if (event.position > this.checkpoint) this.checkpoint = event.position;
      }
      // Adapters may cap the batch below what we asked: stop only on an empty one.
      if (batch.length === 0) return;
    }
  }
}
