/** Enti registered in a triennium, their calls, tavoli and contribution counts (GET /triennia/{tid}/enti). */
import { Deltas, trienniumOf, type Projection } from './projection.js';
import { contactOfRegistration } from '../src/personal-data/contact-columns.js';

export const entiProjection: Projection = {
  name: 'enti',
  // v2: contact persons by subject id (EnteRegistered v2), erasures empty v1 copies.
  version: 2,
  handles: ['EnteRegistered', 'EnteJoinedTavolo', 'ContributionRecorded', 'PersonalDataErased'],
  tables: ['enti', 'ente_calls', 'ente_tavoli'],
  async apply(tx, events) {
    // Several registrations of one ente in a batch: one upsert, the latest data wins.
    const enti = new Map<string, unknown[]>();
    const calls: unknown[][] = [];
    const tavoli: unknown[][] = [];
    const contributions = new Deltas(['n'] as const);
    const erasures: string[] = [];
    for (const e of events) {
      if (e.type === 'PersonalDataErased') {
        erasures.push(e.data.subjectId);
        continue;
      }
      const tid = trienniumOf(e);
      if (e.type === 'EnteRegistered') {
        const d = e.data;
        const key = `${tid}\u0000${d.codiceFiscale}`;
        const first = enti.get(key)?.[9] ?? e.metadata.occurredAt;
        enti.set(key, [
          tid,
          d.codiceFiscale,
          d.name,
          d.category,
          d.comune,
          d.runtsNumber,
          ...contactOfRegistration(e),
          first,
          0,
          e.position,
        ]);
        calls.push([tid, d.codiceFiscale, d.callId, e.position]);
      } else if (e.type === 'EnteJoinedTavolo') {
        tavoli.push([tid, e.data.codiceFiscale, e.data.tavoloId, e.position]);
      } else if (e.type === 'ContributionRecorded') {
        contributions.add(`${tid}\u0000${e.data.codiceFiscale}`, 'n');
      }
    }
    await tx.insertMany(
      'enti',
      [
        'triennium_id',
        'codice_fiscale',
        'name',
        'category',
        'comune',
        'runts_number',
        'contact_subject_id',
        'contact_name',
        'contact_email',
        'first_registered_at',
        'contributions',
        'position',
      ],
      [...enti.values()],
      `ON CONFLICT (triennium_id, codice_fiscale) DO UPDATE SET name = excluded.name, category = excluded.category,
       comune = excluded.comune, runts_number = excluded.runts_number, contact_subject_id = excluded.contact_subject_id,
       contact_name = excluded.contact_name, contact_email = excluded.contact_email, position = excluded.position`,
    );
    await tx.insertMany(
      'ente_calls',
      ['triennium_id', 'codice_fiscale', 'call_id', 'position'],
      calls,
      'ON CONFLICT DO NOTHING',
    );
    await tx.insertMany(
      'ente_tavoli',
      ['triennium_id', 'codice_fiscale', 'tavolo_id', 'position'],
      tavoli,
      'ON CONFLICT DO NOTHING',
    );
    for (const subjectId of erasures) {
      await tx.run(
        'UPDATE enti SET contact_name = NULL, contact_email = NULL WHERE contact_subject_id = ?',
        [subjectId],
      );
    }
    await tx.addToCounters(
      'enti',
      ['triennium_id', 'codice_fiscale'],
      ['contributions'],
      contributions.entries().map(([key, d]) => [...key.split('\u0000'), d.n]),
    );
  },
};
