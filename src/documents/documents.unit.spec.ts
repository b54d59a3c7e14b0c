import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../domain/testing/decider-spec.js';
import {
  evolveDocuments,
  initialDocumentsState,
  registerDocument,
  type DocumentContext,
  type DocumentsState,
  type RegisterDocument,
} from './documents.decide.js';

type Event = { type: string; data: object };
const spec = deciderSpec<RegisterDocument, DocumentsState, Event, DocumentContext>({
  decide: (c, s, ctx) => registerDocument(c, s, ctx),
  evolve: evolveDocuments,
  initialState: initialDocumentsState,
});

const SHA = 'a'.repeat(64);
const ambito: Event = {
  type: 'AmbitoRegistered',
  data: {
    ambitoId: 'varese',
    name: 'Varese',
    region: 'Lombardia',
    capofila: 'Varese',
    comuni: ['Varese'],
  },
};
const register = (over: Partial<RegisterDocument['data']> = {}): RegisterDocument => ({
  type: 'RegisterDocument',
  data: {
    ambitoId: 'varese',
    sha256: SHA,
    title: 'Verbale della seduta del 12 marzo 2025',
    mediaType: 'application/pdf',
    sizeBytes: 1234,
    visibility: 'public',
    kind: 'verbale',
    trienniumId: 'varese-2025-2027',
    ...over,
  },
});
const ok: DocumentContext = { trienniumOfAmbito: true };
const { ambitoId: _ambitoId, ...recorded } = register().data;
void _ambitoId;

describe('RegisterDocument', () => {
  it('Given a registered ambito, when an admin uploads minutes, then DocumentRegistered records hash and metadata, no person', () => {
    spec
      .given([ambito])
      .when(register(), ok)
      .then([{ type: 'DocumentRegistered', data: recorded }]);
  });

  it('keeps a document of the ambito itself, without a triennium', () => {
    const [e] = spec
      .given([ambito])
      .when(register({ trienniumId: null }), ok)
      .events();
    expect((e!.data as { trienniumId: unknown }).trienniumId).toBeNull();
  });

  it('refuses a document of an ambito never registered: NOT_FOUND', () => {
    spec
      .given([])
      .when(register(), ok)
      .thenThrows('NOT_FOUND', /Ambito "varese"/);
  });

  it('refuses a triennium that is not of this ambito: NOT_FOUND', () => {
    spec
      .given([ambito])
      .when(register(), { trienniumOfAmbito: false })
      .thenThrows('NOT_FOUND', /not a triennium of the ambito/);
  });

  it('refuses a blank title, an unknown visibility or kind, an empty file: VALIDATION_FAILED naming each', () => {
    const error = spec
      .given([ambito])
      .when(
        register({
          title: ' ',
          visibility: 'secret' as never,
          kind: 'lettera' as never,
          sizeBytes: 0,
        }),
        ok,
      )
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['title', 'visibility', 'kind', 'body']);
  });

  it('refuses a title on two lines', () => {
    spec
      .given([ambito])
      .when(register({ title: 'Verbale\nseduta' }), ok)
      .thenThrows('VALIDATION_FAILED');
  });

  it('Given the same bytes already kept by the ambito, then DOCUMENT_EXISTS (409)', () => {
    spec
      .given([ambito, { type: 'DocumentRegistered', data: recorded }])
      .when(register({ title: 'Un altro titolo' }), ok)
      .thenThrows('DOCUMENT_EXISTS', /already keeps a document with these bytes/);
  });

  it('trims the title it records', () => {
    const [e] = spec
      .given([ambito])
      .when(register({ title: '  Piano di Zona  ' }), ok)
      .events();
    expect((e!.data as { title: string }).title).toBe('Piano di Zona');
  });
});
