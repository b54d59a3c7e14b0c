/** Calls with their registrations and decisions (GET /triennia/{tid}/calls, /calls/{id}). */
import { Deltas, trienniumOf, type Projection } from '../../../projections/projection.js';
import { contactOfRegistration } from '../../personal-data/contact-columns.js';

export const callsProjection: Projection = {
  name: 'calls',
  // v2: contact persons by subject id (EnteRegistered v2), erasures empty v1 copies.
  version: 2,
  handles: [
    'CallOpened',
    'CallClosed',
    'EnteRegistered',
    'RegistrationDecided',
    'PersonalDataErased',
  ],
  tables: ['calls', 'registrations'],
  async apply(tx, events) {
    const calls: unknown[][] = [];
    const closes: unknown[][] = [];
    const registrations: unknown[][] = [];
    const decisions: unknown[][] = [];
    const erasures: string[] = [];
    const counts = new Deltas(['registrations'] as const);
    for (const e of events) {
      const at = e.metadata.occurredAt;
      switch (e.type) {
        case 'CallOpened': {
          const d = e.data;
          calls.push([
            d.callId,
            trienniumOf(e),
            d.title,
            d.kind,
            d.description,
            d.actReference,
            JSON.stringify(d.eligibleCategories),
            JSON.stringify(d.policyAreas),
            d.closesAt,
            0,
            null,
            null,
            at,
            0,
            e.position,
            d.responsabile?.role ?? null,
            d.responsabile?.accountId ?? null,
            d.admitLate === true ? 1 : 0,
          ]);
          break;
        }
        case 'CallClosed':
          closes.push([at, e.data.reason, e.data.callId]);
          break;
        case 'EnteRegistered': {
          const d = e.data;
          registrations.push([
            d.callId,
            d.codiceFiscale,
            trienniumOf(e),
            d.name,
            d.category,
            d.comune,
            d.runtsNumber,
            ...contactOfRegistration(e),
            'pending',
            null,
            at,
            null,
            e.position,
            d.role ?? 'ordinario',
          ]);
          counts.add(d.callId, 'registrations');
          break;
        }
        case 'PersonalDataErased':
          erasures.push(e.data.subjectId);
          break;
        case 'RegistrationDecided':
          decisions.push([e.data.outcome, e.data.reason, at, e.data.callId, e.data.codiceFiscale]);
          break;
      }
    }
    await tx.insertMany(
      'calls',
      [
        'id',
        'triennium_id',
        'title',
        'kind',
        'description',
        'act_reference',
        'eligible_categories',
        'policy_areas',
        'closes_at',
        'closed',
        'closed_at',
        'close_reason',
        'opened_at',
        'registrations',
        'position',
        'responsabile_role',
        'responsabile_account',
        'admit_late',
      ],
      calls,
    );
    await tx.insertMany(
      'registrations',
      [
        'call_id',
        'codice_fiscale',
        'triennium_id',
        'name',
        'category',
        'comune',
        'runts_number',
        'contact_subject_id',
        'contact_name',
        'contact_email',
        'status',
        'reason',
        'registered_at',
        'decided_at',
        'position',
        'role',
      ],
      registrations,
    );
    for (const c of closes)
      await tx.run('UPDATE calls SET closed = 1, closed_at = ?, close_reason = ? WHERE id = ?', c);
    for (const d of decisions) {
      await tx.run(
        'UPDATE registrations SET status = ?, reason = ?, decided_at = ? WHERE call_id = ? AND codice_fiscale = ?',
        d,
      );
    }
    // Registrations of this batch are inserted above: an erasure later in it reaches them too.
    for (const subjectId of erasures) {
      await tx.run(
        'UPDATE registrations SET contact_name = NULL, contact_email = NULL WHERE contact_subject_id = ?',
        [subjectId],
      );
    }
    await tx.addToCounters(
      'calls',
      ['id'],
      ['registrations'],
      counts.entries().map(([id, n]) => [id, n.registrations]),
    );
  },
};
