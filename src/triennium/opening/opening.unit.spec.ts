import { describe, expect, it } from '@jest/globals';
import {
  approvePlan,
  closeCall,
  conveneTavolo,
  ctx,
  decide,
  joinTavolo,
  openCall,
  openTriennium,
  recordContribution,
  recordSession,
  registerEnte,
  trienniumOpened,
  trienniumSpec as spec,
} from '../../domain/testing/fixtures.js';

describe('every command but OpenTriennium needs an open triennium', () => {
  it.each([
    openCall(),
    closeCall(),
    registerEnte(),
    decide('admitted'),
    conveneTavolo(),
    recordSession(),
    joinTavolo(),
    recordContribution(),
    approvePlan(),
  ])('$type on a triennium never opened: NOT_FOUND', (command) => {
    spec
      .given([])
      .when(command, ctx())
      .thenThrows('NOT_FOUND', /triennium does not exist/);
  });
});

describe('OpenTriennium', () => {
  it('opens {ambitoId}-{start}-{start+2}', () => {
    spec.given([]).when(openTriennium(2025), ctx()).then([trienniumOpened()]);
  });

  it('refuses an ambito that is not registered: NOT_FOUND', () => {
    spec
      .given([])
      .when(openTriennium(2025), ctx({ ambito: null }))
      .thenThrows('NOT_FOUND', /ambito "varese" is not registered/);
    spec
      .given([])
      .when(openTriennium(2025, 'como'), ctx())
      .thenThrows('NOT_FOUND', /"como"/);
  });

  it('refuses a triennium already open: TRIENNIUM_EXISTS', () => {
    spec
      .given([trienniumOpened()])
      .when(openTriennium(2025), ctx())
      .thenThrows('TRIENNIUM_EXISTS', /varese-2025-2027.*already open/);
  });

  it('refuses a triennium overlapping one already open for the ambito: TRIENNIUM_EXISTS', () => {
    spec
      .given([])
      .when(openTriennium(2026), ctx({ overlappingTriennia: ['varese-2025-2027'] }))
      .thenThrows('TRIENNIUM_EXISTS', /varese-2026-2028.*overlaps "varese-2025-2027"/);
  });

  it('opens the next triennium when the previous one is open (no overlap)', () => {
    spec
      .given([])
      .when(openTriennium(2028), ctx({ overlappingTriennia: [] }))
      .then([
        {
          type: 'TrienniumOpened',
          data: {
            trienniumId: 'varese-2028-2030',
            ambitoId: 'varese',
            startYear: 2028,
            endYear: 2030,
          },
        },
      ]);
  });

  it.each([1999, 2101, 2025.5, Number.NaN])(
    'refuses startYear %p: VALIDATION_FAILED',
    (startYear) => {
      const error = spec
        .given([])
        .when(openTriennium(startYear), ctx())
        .thenThrows('VALIDATION_FAILED', /between 2000 and 2100/);
      expect(error.errors).toEqual([{ field: 'startYear', message: expect.any(String) }]);
    },
  );

  it('accepts the bounds 2000 and 2100', () => {
    expect(spec.given([]).when(openTriennium(2000), ctx()).events()[0].data).toMatchObject({
      trienniumId: 'varese-2000-2002',
    });
    expect(spec.given([]).when(openTriennium(2100), ctx()).events()[0].data).toMatchObject({
      endYear: 2102,
    });
  });
});
