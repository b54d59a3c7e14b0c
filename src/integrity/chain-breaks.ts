/**
 * The streams this process found with a hash chain that does not verify (the write side, folding a
 * stream on a cold load; /integrity, recomputing it). Writes to them are refused with 409
 * CHAIN_BROKEN; readiness lists them; `ledger_chain_broken_streams` counts them. In memory: a
 * restart, or the next cold load after the store is restored, checks again.
 */
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Clock } from '../config/clock.js';

export interface ChainBreak {
  streamId: string;
  /** The first event that does not verify. */
  eventId: string;
  /** Its 0-based index (revision) in the stream. */
  index: number;
  reason: string;
  since: string;
}

@Injectable()
export class ChainBreaks {
  private readonly logger = new Logger('Integrity');
  private readonly byStream = new Map<string, ChainBreak>();

  constructor(@Optional() @Inject(Clock) private readonly clock: Clock = new Clock()) {}

  /** Records a break (one log line the first time a stream is seen broken). */
  record(streamId: string, found: { eventId: string; index: number; reason: string }): ChainBreak {
    const known = this.byStream.get(streamId);
    if (known && known.eventId === found.eventId && known.reason === found.reason) return known;
    const entry: ChainBreak = { streamId, ...found, since: this.clock.now().toISOString() };
    this.byStream.set(streamId, entry);
    this.logger.error(
      `Hash chain of stream ${streamId} does not verify at event ${found.eventId} (revision ${found.index}): ${found.reason}; writes to it are refused (CHAIN_BROKEN)`,
    );
    return entry;
  }

  /** The stream verified again (restored store): writes resume. */
  clear(streamId: string): void {
    if (this.byStream.delete(streamId))
      this.logger.log(`Hash chain of stream ${streamId} verifies again; writes resume`);
  }

  get(streamId: string): ChainBreak | undefined {
    return this.byStream.get(streamId);
  }

  list(): ChainBreak[] {
    return [...this.byStream.values()];
  }
}
