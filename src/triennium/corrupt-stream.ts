import type { TrienniumEvent } from '../domain/events.js';

/** A stored event that refers to what its stream never recorded: the stream is corrupt. */
export function corruptStream(event: TrienniumEvent, what: string): never {
  throw new Error(
    `Corrupt triennium stream: ${event.type} refers to ${what}, which it never recorded.`,
  );
}
