/**
 * A document the ledger keeps, on the ambito's stream `ambito-{ambitoId}` (not the triennium's: a
 * plan's document or a determina is often uploaded after the approval has sealed the triennium).
 * Its shape never changes. No personal data: who uploaded it and when are the envelope's
 * (metadata.actor, metadata.occurredAt), as for every event.
 */
import type { DocumentKind, DocumentVisibility } from './documents.vocabulary.js';

export interface DocumentRegistered {
  type: 'DocumentRegistered';
  data: {
    /** SHA-256 (hex) of the bytes, computed by the server on the way in: the document's id. */
    sha256: string;
    title: string;
    /** The Content-Type it was uploaded with (lowercase, without parameters). */
    mediaType: string;
    sizeBytes: number;
    visibility: DocumentVisibility;
    kind: DocumentKind;
    /** The triennium it belongs to, or null (a document of the ambito). */
    trienniumId: string | null;
  };
}
