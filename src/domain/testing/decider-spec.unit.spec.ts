import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import { deciderSpec } from './decider-spec.js';

/** A counter that refuses to go past 2: enough to show the helper fails when it should. */
const spec = deciderSpec<'inc', number, 'incremented', null>({
  decide: (_, n) => {
    if (n >= 2) throw new DomainError('VALIDATION_FAILED', 'Counter is full.');
    return ['incremented'];
  },
  evolve: (n) => n + 1,
  initialState: 0,
});

describe('deciderSpec (the given/when/then helper itself)', () => {
  it('passes on the expected events and on the expected refusal', () => {
    spec.given([]).when('inc', null).then(['incremented']);
    spec
      .given(['incremented', 'incremented'])
      .when('inc', null)
      .thenThrows('VALIDATION_FAILED', /full/);
  });

  it('fails when the events differ', () => {
    expect(() => spec.given([]).when('inc', null).then([])).toThrow();
  });

  it('fails when the command is accepted but a refusal was expected', () => {
    expect(() => spec.given([]).when('inc', null).thenThrows('VALIDATION_FAILED')).toThrow(
      /was accepted/,
    );
  });

  it('fails on another code or another message', () => {
    const full = spec.given(['incremented', 'incremented']).when('inc', null);
    expect(() => full.thenThrows('NOT_FOUND')).toThrow();
    expect(() => full.thenThrows('VALIDATION_FAILED', /empty/)).toThrow();
  });

  it('fails when a fast fold disagrees with evolve', () => {
    const wrongFold = deciderSpec<'inc', number, 'incremented', null>({
      decide: () => [],
      evolve: (n) => n + 1,
      initialState: 0,
      fold: () => 42,
    });
    expect(() => wrongFold.given(['incremented'])).toThrow();
  });
});
