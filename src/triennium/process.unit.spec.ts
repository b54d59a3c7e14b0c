/**
 * The whole process of SPEC.md, end to end through the pure deciders: each step is decided on
 * the state folded from everything written before it, as the write side does.
 */
import { describe, expect, it } from '@jest/globals';
import { decideAmbito, foldAmbito } from '../ambito/ambito.decider.js';
import type { DecisionContext, TrienniumCommand } from '../domain/commands.js';
import { DomainError } from '../domain/errors.js';
import type { AmbitoEvent, TrienniumEvent } from '../domain/events.js';
import {
  ASST,
  CALL,
  CONTRIBUTION,
  CONTRIBUTION2,
  COOP,
  NOW,
  ODV,
  SESSION,
  TAVOLO,
  VARESE,
  approvePlan,
  closeCall,
  conveneTavolo,
  decide,
  joinTavolo,
  objective,
  openCall,
  openTriennium,
  recordContribution,
  recordSession,
  registerEnte,
} from '../domain/testing/fixtures.js';
import { decideTriennium, foldTriennium } from './triennium.js';

describe('a triennium from the ambito’s registration to contributions after the plan', () => {
  it('keeps every rule along the way and marks later contributions as implementation', () => {
    const ambitoStream: AmbitoEvent[] = decideAmbito(
      { type: 'RegisterAmbito', data: { ...VARESE } },
      null,
    );
    const ambito = foldAmbito(ambitoStream);
    expect(ambito).toEqual(VARESE);

    const stream: TrienniumEvent[] = [];
    const at = (iso: string): DecisionContext => ({ now: new Date(iso), ambito });
    const run = (command: TrienniumCommand, ctx: DecisionContext = { now: NOW, ambito }) => {
      const events = decideTriennium(command, foldTriennium(stream), ctx);
      stream.push(...events);
      return events;
    };
    const refused = (command: TrienniumCommand, ctx: DecisionContext = { now: NOW, ambito }) => {
      const before = stream.length;
      try {
        run(command, ctx);
      } catch (e) {
        expect(stream).toHaveLength(before);
        if (e instanceof DomainError) return e.code;
        throw e;
      }
      return 'ACCEPTED';
    };

    run(openTriennium(2025));
    run(openCall());
    run(registerEnte());
    run(registerEnte({ codiceFiscale: ODV, name: 'Auser Varese', category: 'odv' }));
    run(registerEnte({ codiceFiscale: ASST, name: 'ASST Sette Laghi', category: 'ente-pubblico' }));
    expect(refused(registerEnte())).toBe('DUPLICATE_REGISTRATION');
    run(closeCall(CALL, 'Termine anticipato'));
    expect(refused(registerEnte({ codiceFiscale: '00488410010', category: 'odv' }))).toBe(
      'CALL_CLOSED',
    );

    // istruttoria, after the call closed
    run(decide('admitted'), at('2025-05-10T09:00:00Z'));
    run(decide('admitted', { codiceFiscale: ASST }));
    run(decide('excluded', { codiceFiscale: ODV, reason: 'Sede fuori ambito' }));
    expect(refused(decide('admitted', { codiceFiscale: ODV }))).toBe('ALREADY_DECIDED');

    run(conveneTavolo());
    run(joinTavolo(COOP));
    run(joinTavolo(ASST));
    expect(refused(joinTavolo(ODV))).toBe('NOT_ADMITTED');
    run(recordSession({ attendees: [COOP, ASST] }));
    const [need] = run(recordContribution({ sessionId: SESSION }));
    expect(need).toMatchObject({ type: 'ContributionRecorded', data: { phase: 'programming' } });
    expect(refused(recordContribution({ contributionId: CONTRIBUTION2, codiceFiscale: ODV }))).toBe(
      'NOT_A_MEMBER',
    );

    expect(refused(approvePlan({ signatories: ['Milano'] }))).toBe('UNKNOWN_SIGNATORY');
    const sealedEvents = stream.length;
    const [approval] = run(
      approvePlan({
        objectives: [objective({ contributionIds: [CONTRIBUTION] })],
        sealedEvents,
        ledgerDigest: 'd'.repeat(64),
      }),
    );
    expect(approval).toMatchObject({
      type: 'PlanApproved',
      data: { sealedEvents: 14, ledgerDigest: 'd'.repeat(64) },
    });
    expect(refused(approvePlan())).toBe('PLAN_ALREADY_APPROVED');

    const [later] = run(
      recordContribution({
        contributionId: CONTRIBUTION2,
        codiceFiscale: ASST,
        kind: 'evidence',
        tavoloId: TAVOLO,
      }),
    );
    expect(later).toMatchObject({
      type: 'ContributionRecorded',
      data: { phase: 'implementation', codiceFiscale: ASST },
    });

    expect(stream.map((e) => e.type)).toEqual([
      'TrienniumOpened',
      'CallOpened',
      'EnteRegistered',
      'EnteRegistered',
      'EnteRegistered',
      'CallClosed',
      'RegistrationDecided',
      'RegistrationDecided',
      'RegistrationDecided',
      'TavoloConvened',
      'EnteJoinedTavolo',
      'EnteJoinedTavolo',
      'TavoloSessionRecorded',
      'ContributionRecorded',
      'PlanApproved',
      'ContributionRecorded',
    ]);
  });
});
