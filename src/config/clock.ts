import { Injectable } from '@nestjs/common';

/**
 * The server's idea of now, injected where a decision or an answer depends on it (the command
 * pipeline's `now`, the reads that say whether a call is still open), so a test can set it.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that says what it is told: for tests. */
export class FixedClock extends Clock {
  constructor(private at: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.at.getTime());
  }

  set(at: Date): void {
    this.at = at;
  }
}
