import { describe, expect, it } from '@jest/globals';
import { decideAmbito, evolveAmbito, foldAmbito, type AmbitoState } from './ambito.decider.js';
import type { RegisterAmbito } from '../domain/commands.js';
import type { AmbitoEvent } from '../domain/events.js';
import { deciderSpec } from '../domain/testing/decider-spec.js';

const spec = deciderSpec<RegisterAmbito, AmbitoState | null, AmbitoEvent, undefined>({
  decide: (command, state) => decideAmbito(command, state),
  evolve: evolveAmbito,
  initialState: null,
  fold: foldAmbito,
});

const register = (over: Partial<RegisterAmbito['data']> = {}): RegisterAmbito => ({
  type: 'RegisterAmbito',
  data: {
    ambitoId: 'martesana-4',
    name: 'Distretto 4 Martesana',
    region: 'Lombardia',
    capofila: 'Gorgonzola',
    comuni: ['Gorgonzola', 'Bellinzago Lombardo', 'Cambiago', 'Gessate', 'Pessano con Bornago'],
    ...over,
  },
});
const registered = (over: Partial<RegisterAmbito['data']> = {}): AmbitoEvent => ({
  type: 'AmbitoRegistered',
  data: register(over).data,
});

describe('RegisterAmbito', () => {
  it('registers a new ambito with its capofila and comuni', () => {
    spec.given([]).when(register(), undefined).then([registered()]);
  });

  it('folds into the ambito state the triennium decider reads', () => {
    expect(spec.given([registered()]).state).toEqual({
      ambitoId: 'martesana-4',
      name: 'Distretto 4 Martesana',
      region: 'Lombardia',
      capofila: 'Gorgonzola',
      comuni: ['Gorgonzola', 'Bellinzago Lombardo', 'Cambiago', 'Gessate', 'Pessano con Bornago'],
    });
  });

  it('refuses an ambito already registered: AMBITO_EXISTS', () => {
    spec
      .given([registered()])
      .when(register(), undefined)
      .thenThrows('AMBITO_EXISTS', /martesana-4.*already registered/);
  });

  it.each([
    'Varese',
    'varese_nord',
    'varese--nord',
    '-varese',
    'varese-',
    'vàrese',
    '',
    'a'.repeat(65),
  ])('refuses the id %p: not a slug of at most 64 characters', (ambitoId) => {
    const error = spec
      .given([])
      .when(register({ ambitoId }), undefined)
      .thenThrows('VALIDATION_FAILED', /slug/);
    expect(error.errors).toEqual([{ field: 'id', message: expect.stringMatching(/slug/) }]);
  });

  it('accepts a 64-character slug with hyphens', () => {
    const ambitoId = `reno-lavino-samoggia-${'x'.repeat(43)}`;
    expect(ambitoId).toHaveLength(64);
    spec
      .given([])
      .when(register({ ambitoId }), undefined)
      .then([registered({ ambitoId })]);
  });

  it('refuses an ambito without comuni', () => {
    const error = spec
      .given([])
      .when(register({ comuni: [] }), undefined)
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors).toEqual([
      { field: 'comuni', message: expect.stringMatching(/at least one/) },
    ]);
  });

  it('refuses comuni listed twice, naming them', () => {
    const error = spec
      .given([])
      .when(register({ comuni: ['Gorgonzola', 'Gessate', 'Gessate'] }), undefined)
      .thenThrows('VALIDATION_FAILED', /Gessate.*more than once/);
    expect(error.errors?.map((e) => e.field)).toEqual(['comuni']);
  });

  it('refuses a capofila that is not one of the comuni', () => {
    const error = spec
      .given([])
      .when(register({ capofila: 'Milano' }), undefined)
      .thenThrows('VALIDATION_FAILED', /capofila "Milano" must be one of the ambito's comuni/);
    expect(error.errors?.map((e) => e.field)).toEqual(['capofila']);
  });

  it('reports every problem of one request together', () => {
    const error = spec
      .given([])
      .when(register({ ambitoId: 'Bad Id', name: ' ', capofila: 'Milano' }), undefined)
      .thenThrows('VALIDATION_FAILED', /3 problems/);
    expect(error.errors?.map((e) => e.field)).toEqual(['id', 'name', 'capofila']);
  });

  it('checks the input before the state: a bad request on an existing id is VALIDATION_FAILED', () => {
    spec
      .given([registered()])
      .when(register({ comuni: [] }), undefined)
      .thenThrows('VALIDATION_FAILED');
  });
});
