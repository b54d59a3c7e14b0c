import { describe, expect, it } from '@jest/globals';
import { namesHiddenFrom, participantLabel, publicDisplay } from './participants.display.js';

const rules = { endYear: 2027, years: 5, now: new Date('2026-05-01T10:00:00Z') };

describe('public display of a participant who is a person', () => {
  it('labels citizens and groups neutrally, by their number', () => {
    expect(participantLabel('citizen', 7)).toBe('Cittadina/o n. 7');
    expect(participantLabel('group', 3)).toBe('Gruppo informale n. 3');
  });

  it('given consent to publication, shows the name', () => {
    expect(
      publicDisplay(
        { kind: 'citizen', number: 7, name: 'Anna Bianchi', consentToPublish: true },
        rules,
      ),
    ).toEqual({ label: 'Cittadina/o n. 7', name: 'Anna Bianchi', displayName: 'Anna Bianchi' });
  });

  it('without consent, shows only the label', () => {
    expect(
      publicDisplay(
        { kind: 'citizen', number: 7, name: 'Anna Bianchi', consentToPublish: false },
        rules,
      ),
    ).toEqual({ label: 'Cittadina/o n. 7', name: null, displayName: 'Cittadina/o n. 7' });
  });

  it('after the data were erased, shows only the label', () => {
    expect(
      publicDisplay({ kind: 'group', number: 3, name: null, consentToPublish: true }, rules)
        .displayName,
    ).toBe('Gruppo informale n. 3');
  });

  it('stops showing names after the configured years past the triennium’s end', () => {
    expect(namesHiddenFrom(2027, 5).toISOString()).toBe('2033-01-01T00:00:00.000Z');
    const p = { kind: 'citizen' as const, number: 1, name: 'Anna Bianchi', consentToPublish: true };
    const lastDay = new Date('2032-12-31T23:59:59Z');
    const after = new Date('2033-01-01T00:00:00Z');
    expect(publicDisplay(p, { ...rules, now: lastDay }).name).toBe('Anna Bianchi');
    expect(publicDisplay(p, { ...rules, now: after }).name).toBeNull();
    expect(
      publicDisplay(p, { ...rules, years: 0, now: new Date('2028-01-01T00:00:00Z') }).name,
    ).toBeNull();
  });
});
