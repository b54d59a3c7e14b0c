/**
 * The steps of each registration's istruttoria (GET /calls/{id}: `registrations[].istruttoria`):
 * one row per soccorso istruttorio or preavviso di rigetto, with its answer once given.
 */
import { trienniumOf, type Projection } from '../../../projections/projection.js';

type Kind = 'soccorso' | 'preavviso';

export const istruttoriaProjection: Projection = {
  name: 'istruttoria',
  version: 1,
  handles: [
    'SoccorsoIstruttorioRequested',
    'SoccorsoIstruttorioAnswered',
    'PreavvisoDiRigettoSent',
    'PreavvisoDiRigettoAnswered',
  ],
  tables: ['istruttoria_steps'],
  async apply(tx, events) {
    // Steps sent in this batch, by registration and kind: an answer in the same batch fills the
    // row before it is inserted (only the last step of a kind can be awaiting an answer).
    const fresh = new Map<string, unknown[]>();
    const rows: unknown[][] = [];
    const answers: unknown[][] = [];
    const key = (callId: string, cf: string, kind: Kind) => `${callId}\u0000${cf}\u0000${kind}`;
    const answer = (
      callId: string,
      cf: string,
      kind: Kind,
      text: string,
      documents: string[] | null,
      via: string,
      at: string,
    ) => {
      const row = fresh.get(key(callId, cf, kind));
      const docs = documents ? JSON.stringify(documents) : null;
      if (row) row.splice(10, 4, text, docs, via, at);
      else answers.push([text, docs, via, at, callId, cf, kind, callId, cf, kind]);
    };
    for (const e of events) {
      const at = e.metadata.occurredAt;
      switch (e.type) {
        case 'SoccorsoIstruttorioRequested':
        case 'PreavvisoDiRigettoSent': {
          const d = e.data;
          const soccorso = e.type === 'SoccorsoIstruttorioRequested';
          const kind: Kind = soccorso ? 'soccorso' : 'preavviso';
          const row = [
            e.position,
            trienniumOf(e),
            d.callId,
            d.codiceFiscale,
            kind,
            soccorso ? e.data.missing : e.data.reasons,
            soccorso ? e.data.deadline : e.data.answerBy,
            soccorso ? null : e.data.answerWindowDays,
            soccorso ? null : e.data.actReference,
            at,
            null,
            null,
            null,
            null,
          ];
          fresh.set(key(d.callId, d.codiceFiscale, kind), row);
          rows.push(row);
          break;
        }
        case 'SoccorsoIstruttorioAnswered': {
          const d = e.data;
          answer(d.callId, d.codiceFiscale, 'soccorso', d.answer, d.documentSha256s, d.via, at);
          break;
        }
        case 'PreavvisoDiRigettoAnswered': {
          const d = e.data;
          answer(d.callId, d.codiceFiscale, 'preavviso', d.answer, null, d.via, at);
          break;
        }
      }
    }
    await tx.insertMany(
      'istruttoria_steps',
      [
        'position',
        'triennium_id',
        'call_id',
        'codice_fiscale',
        'kind',
        'text',
        'due_at',
        'window_days',
        'act_reference',
        'sent_at',
        'answer',
        'answer_documents',
        'answered_via',
        'answered_at',
      ],
      rows,
    );
    for (const a of answers) {
      await tx.run(
        `UPDATE istruttoria_steps SET answer = ?, answer_documents = ?, answered_via = ?, answered_at = ?
         WHERE call_id = ? AND codice_fiscale = ? AND kind = ? AND position = (
           SELECT MAX(position) FROM istruttoria_steps WHERE call_id = ? AND codice_fiscale = ? AND kind = ?)`,
        a,
      );
    }
  },
};
