/**
 * Given/When/Then for pure deciders (test helper, used only by *.unit.spec.ts):
 *
 *   spec.given([...past events]).when(command, ctx).then([...new events]);
 *   spec.given([...]).when(command, ctx).thenThrows('CALL_CLOSED');
 *
 * `given` folds the past with `evolve` (and, when the decider has one, checks that its `fold`
 * agrees); `thenThrows` checks the refusal is a DomainError with that code and returns it.
 */
import { expect } from '@jest/globals';
import { DomainError, type ErrorCode } from '../errors.js';

export interface Decider<Command, State, Event, Context> {
  decide(command: Command, state: State, ctx: Context): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
  /** Optional fast fold; the spec checks it equals reducing with `evolve`. */
  fold?(events: Event[]): State;
}

export function deciderSpec<Command, State, Event, Context>(
  decider: Decider<Command, State, Event, Context>,
) {
  return {
    given(past: Event[]) {
      const state = past.reduce(decider.evolve, decider.initialState);
      if (decider.fold) expect(decider.fold(past)).toEqual(state);
      return {
        /** The state the past folds into, for assertions on evolve itself. */
        state,
        when(command: Command, ctx: Context) {
          const run = () => decider.decide(command, state, ctx);
          return {
            then(expected: Event[]): Event[] {
              const events = run();
              expect(events).toEqual(expected);
              return events;
            },
            /** The decided events, for assertions finer than equality. */
            events(): Event[] {
              return run();
            },
            thenThrows(code: ErrorCode, message?: RegExp | string): DomainError {
              let error: unknown;
              try {
                const events = run();
                throw new Error(
                  `Expected ${code}, but the command was accepted: ${JSON.stringify(events)}`,
                );
              } catch (e) {
                error = e;
              }
              if (!(error instanceof DomainError)) throw error;
              expect({ code: error.code, message: error.message }).toEqual({
                code,
                message:
                  message === undefined ? expect.any(String) : expect.stringMatching(message),
              });
              return error;
            },
          };
        },
      };
    },
  };
}
