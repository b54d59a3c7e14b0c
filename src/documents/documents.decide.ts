/**
 * Registering a document of an ambito: pure (the bytes are stored by the handler before, under
 * their hash; this decides whether the ledger records them).
 */
import { DomainError } from '../domain/errors.js';
import { Checks, isBlank } from '../domain/validation.js';
import type { DocumentRegistered } from './documents.events.js';
import {
  DOCUMENT_KINDS,
  DOCUMENT_TITLE_MAX,
  DOCUMENT_VISIBILITIES,
  type DocumentKind,
  type DocumentVisibility,
} from './documents.vocabulary.js';

// eslint-disable-next-line no-control-regex -- a title is one line of text
const CONTROL = /[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]/;

export interface RegisterDocument {
  type: 'RegisterDocument';
  data: {
    ambitoId: string;
    sha256: string;
    title: string;
    mediaType: string;
    sizeBytes: number;
    visibility: DocumentVisibility;
    kind: DocumentKind;
    trienniumId: string | null;
  };
}

/** What the ambito's stream says about documents: whether the ambito exists, which hashes it keeps. */
export interface DocumentsState {
  ambitoId: string | null;
  registered: ReadonlySet<string>;
}

export const initialDocumentsState: DocumentsState = { ambitoId: null, registered: new Set() };

export function evolveDocuments(
  state: DocumentsState,
  event: { type: string; data: unknown },
): DocumentsState {
  if (event.type === 'AmbitoRegistered')
    return { ...state, ambitoId: (event.data as { ambitoId: string }).ambitoId };
  if (event.type === 'DocumentRegistered') {
    // The write side folds each stream once and caches the state: copying per event stays cheap
    // at the hundreds of documents an ambito keeps.
    const registered = new Set(state.registered);
    registered.add((event.data as DocumentRegistered['data']).sha256);
    return { ...state, registered };
  }
  return state;
}

export interface DocumentContext {
  /** Whether `trienniumId` (when given) names a triennium of this ambito (read by the write side). */
  trienniumOfAmbito: boolean;
}

export function registerDocument(
  command: RegisterDocument,
  state: DocumentsState,
  ctx: DocumentContext,
): DocumentRegistered[] {
  const d = command.data;
  if (state.ambitoId !== d.ambitoId)
    throw new DomainError('NOT_FOUND', `Ambito "${d.ambitoId}" does not exist.`);
  if (d.trienniumId !== null && !ctx.trienniumOfAmbito)
    throw new DomainError(
      'NOT_FOUND',
      `Triennium "${d.trienniumId}" is not a triennium of the ambito "${d.ambitoId}".`,
    );
  const title = typeof d.title === 'string' ? d.title : '';
  new Checks()
    .require(/^[0-9a-f]{64}$/.test(d.sha256), 'sha256', 'must be a SHA-256 in lowercase hex')
    .require(!isBlank(title), 'title', 'A document needs a title (?title=).')
    .require(
      title.length <= DOCUMENT_TITLE_MAX && !CONTROL.test(title),
      'title',
      `must be one line of at most ${DOCUMENT_TITLE_MAX} characters`,
    )
    .require(
      (DOCUMENT_VISIBILITIES as readonly string[]).includes(d.visibility),
      'visibility',
      `must be one of ${DOCUMENT_VISIBILITIES.join(', ')}`,
    )
    .require(
      (DOCUMENT_KINDS as readonly string[]).includes(d.kind),
      'kind',
      `must be one of ${DOCUMENT_KINDS.join(', ')}`,
    )
    .require(
      Number.isInteger(d.sizeBytes) && d.sizeBytes > 0,
      'body',
      'An empty document is not kept.',
    )
    .done();
  if (state.registered.has(d.sha256))
    throw new DomainError(
      'DOCUMENT_EXISTS',
      `The ambito "${d.ambitoId}" already keeps a document with these bytes (SHA-256 ${d.sha256}).`,
    );
  return [
    {
      type: 'DocumentRegistered',
      data: {
        sha256: d.sha256,
        title: title.trim(),
        mediaType: d.mediaType,
        sizeBytes: d.sizeBytes,
        visibility: d.visibility,
        kind: d.kind,
        trienniumId: d.trienniumId,
      },
    },
  ];
}
