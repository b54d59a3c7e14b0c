/**
 * Events in, rows out: each projection applied to a small hand-built history (plain StoredEvent
 * objects), its rows read back. Registered for SQLite (projections.int.spec.ts) and PostgreSQL.
 */
import type { DataSource } from 'typeorm';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import { toProjected, type Projection } from '../../projections/projection.js';
import { inTransaction } from '../../projections/read-db.js';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';

const TID = 'varese-2025-2027';
const CALL = '11111111-1111-4111-8111-111111111111';
const TAVOLO = '22222222-2222-4222-8222-222222222222';
const SESSION = '33333333-3333-4333-8333-333333333333';
const C1 = '44444444-4444-4444-8444-444444444441';
const C2 = '44444444-4444-4444-8444-444444444442';
const PONTE = '01234567897';
const AUSER = '12345678903';

let position = -1n;
function ev(
  type: string,
  data: Record<string, unknown>,
  tid: string | null = TID,
  at?: string,
): StoredEvent {
  position++;
  return {
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    data,
    streamId: tid ? `triennium-${tid}` : 'ambito-varese',
    revision: position,
    position,
    metadata: {
      occurredAt: at ?? new Date(Date.UTC(2025, 0, 1, 9, 0, Number(position))).toISOString(),
      ambitoId: 'varese',
      trienniumId: tid,
      actor: { sub: 'admin@varese', role: 'admin', ambito: 'varese' },
      commandId: 'c',
      correlationId: 'c',
      causationId: 'c',
      prevHash: '0'.repeat(64),
      hash: 'f'.repeat(64),
    },
  };
}

export function history(): StoredEvent[] {
  position = -1n;
  return [
    ev(
      'AmbitoRegistered',
      {
        ambitoId: 'varese',
        name: 'Ambito di Varese',
        region: 'Lombardia',
        capofila: 'Varese',
        comuni: ['Varese', 'Azzate'],
      },
      null,
    ),
    ev('TrienniumOpened', { trienniumId: TID, ambitoId: 'varese', startYear: 2025, endYear: 2027 }),
    ev('CallOpened', {
      callId: CALL,
      title: 'Avviso 2025',
      kind: 'co-programmazione',
      description: null,
      actReference: 'Det. 1',
      eligibleCategories: ['odv'],
      policyAreas: ['domiciliarita'],
      closesAt: '2099-01-31T22:59:59.000Z',
    }),
    ev('EnteRegistered', {
      callId: CALL,
      codiceFiscale: PONTE,
      name: 'Cooperativa Sociale Il Ponte',
      category: 'cooperativa-sociale',
      comune: 'Varese',
      runtsNumber: null,
      contact: { name: 'Maria Rossi', email: 'maria@ponte.it' },
    }),
    ev('EnteRegistered', {
      callId: CALL,
      codiceFiscale: AUSER,
      name: 'Auser Varese',
      category: 'odv',
      comune: 'Azzate',
      runtsNumber: '123',
      contact: { name: 'Luca Bianchi', email: 'luca@auser.it' },
    }),
    ev('RegistrationDecided', {
      callId: CALL,
      codiceFiscale: PONTE,
      outcome: 'admitted',
      reason: null,
    }),
    ev('RegistrationDecided', {
      callId: CALL,
      codiceFiscale: AUSER,
      outcome: 'excluded',
      reason: 'Fuori termine',
    }),
    ev('TavoloConvened', {
      tavoloId: TAVOLO,
      name: 'Domiciliarità e prossimità',
      policyArea: 'domiciliarita',
      description: null,
    }),
    ev('EnteJoinedTavolo', { tavoloId: TAVOLO, codiceFiscale: PONTE }),
    ev('TavoloSessionRecorded', {
      tavoloId: TAVOLO,
      sessionId: SESSION,
      heldOn: '2025-03-12',
      title: 'Prima seduta',
      attendees: [PONTE],
      minutesSha256: null,
    }),
    ev('ContributionRecorded', {
      contributionId: C1,
      tavoloId: TAVOLO,
      codiceFiscale: PONTE,
      kind: 'need',
      title: 'Assistenza serale',
      body: 'Testo',
      sessionId: SESSION,
      attachments: [{ name: 'dati.pdf', sha256: 'a'.repeat(64) }],
      phase: 'programming',
    }),
    ev('CallClosed', { callId: CALL, reason: 'Chiuso in anticipo' }),
    ev('PlanApproved', {
      approvedOn: '2025-06-30',
      approvedBy: 'Assemblea dei Sindaci',
      actReference: 'Delibera 7',
      signatories: ['Varese'],
      documentSha256: 'b'.repeat(64),
      objectives: [
        {
          code: 'OB1',
          title: 'Sera',
          policyArea: 'domiciliarita',
          rationale: 'R',
          contributionIds: [C1],
        },
      ],
      ledgerDigest: 'c'.repeat(64),
      sealedEvents: 12,
    }),
    ev('ContributionRecorded', {
      contributionId: C2,
      tavoloId: TAVOLO,
      codiceFiscale: PONTE,
      kind: 'observation',
      title: 'Monitoraggio',
      body: 'Testo',
      sessionId: null,
      attachments: [],
      phase: 'implementation',
    }),
  ];
}

async function project(
  ds: DataSource,
  p: Projection,
  events: StoredEvent[],
  batch: number,
): Promise<void> {
  const mine = events.filter((e) => p.handles.includes(e.type as never));
  for (let i = 0; i < mine.length; i += batch) {
    await inTransaction(ds, (tx) => p.apply(tx, mine.slice(i, i + batch).map(toProjected)));
  }
}

const rows = async (ds: DataSource, sql: string) =>
  ((await ds.query(sql)) as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? String(v) : v]),
    ),
  );

export function projectionsSuite(
  label: string,
  open: () => Promise<{ ds: DataSource; close(): Promise<void> }>,
): void {
  describe.each([1, 100])(
    `projections, events in → rows out (${label}, batches of %i)`,
    (batch) => {
      let ds: DataSource;
      let close: () => Promise<void>;
      beforeEach(async () => {
        ({ ds, close } = await open());
        for (const p of ALL_PROJECTIONS) await project(ds, p, history(), batch);
      });
      afterEach(async () => close());

      it('ambiti: the ambito, its comuni and triennia (approved)', async () => {
        expect(await rows(ds, 'SELECT id, name, capofila, comuni FROM ambiti')).toEqual([
          {
            id: 'varese',
            name: 'Ambito di Varese',
            capofila: 'Varese',
            comuni: '["Varese","Azzate"]',
          },
        ]);
        const t = await rows(
          ds,
          'SELECT id, ambito_id, start_year, end_year, plan_approved FROM ambito_triennia',
        );
        expect(
          t.map((r) => [
            r.id,
            r.ambito_id,
            Number(r.start_year),
            Number(r.end_year),
            Number(r.plan_approved),
          ]),
        ).toEqual([[TID, 'varese', 2025, 2027, 1]]);
      });

      it('overview: counts of API.md, approved plan, last event', async () => {
        const [o] = await rows(ds, 'SELECT * FROM overviews');
        expect(o).toMatchObject({
          id: TID,
          phase: 'approved',
          last_event_at: '2025-01-01T09:00:13.000Z',
        });
        expect(
          [
            o!.calls,
            o!.enti,
            o!.tavoli,
            o!.memberships,
            o!.sessions,
            o!.contributions,
            String(o!.position),
          ].map(String),
        ).toEqual(['1', '2', '1', '1', '1', '2', '13']);
        expect(JSON.parse(String(o!.plan))).toMatchObject({
          approvedOn: '2025-06-30',
          actReference: 'Delibera 7',
          ledgerDigest: 'c'.repeat(64),
        });
        expect(await rows(ds, 'SELECT call_id, closed FROM overview_calls')).toEqual([
          { call_id: CALL, closed: 1 },
        ]);
      });

      it('calls: the call closed, registrations with their decisions and contacts', async () => {
        const [c] = await rows(ds, 'SELECT id, closed, close_reason, registrations FROM calls');
        expect([c!.id, Number(c!.closed), c!.close_reason, Number(c!.registrations)]).toEqual([
          CALL,
          1,
          'Chiuso in anticipo',
          2,
        ]);
        expect(
          await rows(
            ds,
            'SELECT codice_fiscale, status, reason, contact_email FROM registrations ORDER BY position',
          ),
        ).toEqual([
          {
            codice_fiscale: PONTE,
            status: 'admitted',
            reason: null,
            contact_email: 'maria@ponte.it',
          },
          {
            codice_fiscale: AUSER,
            status: 'excluded',
            reason: 'Fuori termine',
            contact_email: 'luca@auser.it',
          },
        ]);
      });

      it('enti: one row per ente of the triennium, calls, tavoli, contribution count', async () => {
        const e = await rows(
          ds,
          'SELECT codice_fiscale, name, contributions FROM enti ORDER BY codice_fiscale',
        );
        expect(e.map((r) => [r.codice_fiscale, r.name, Number(r.contributions)])).toEqual([
          [PONTE, 'Cooperativa Sociale Il Ponte', 2],
          [AUSER, 'Auser Varese', 0],
        ]);
        expect(
          await rows(ds, 'SELECT codice_fiscale, call_id FROM ente_calls ORDER BY codice_fiscale'),
        ).toEqual([
          { codice_fiscale: PONTE, call_id: CALL },
          { codice_fiscale: AUSER, call_id: CALL },
        ]);
        expect(await rows(ds, 'SELECT codice_fiscale, tavolo_id FROM ente_tavoli')).toEqual([
          { codice_fiscale: PONTE, tavolo_id: TAVOLO },
        ]);
      });

      it('tavoli: members, sessions and counters', async () => {
        const [t] = await rows(ds, 'SELECT name, members, sessions, contributions FROM tavoli');
        expect([
          t!.name,
          Number(t!.members),
          Number(t!.sessions),
          Number(t!.contributions),
        ]).toEqual(['Domiciliarità e prossimità', 1, 1, 2]);
        expect(await rows(ds, 'SELECT codice_fiscale, joined_at FROM tavolo_members')).toEqual([
          { codice_fiscale: PONTE, joined_at: '2025-01-01T09:00:08.000Z' },
        ]);
        expect(await rows(ds, 'SELECT id, held_on, attendees FROM tavolo_sessions')).toEqual([
          { id: SESSION, held_on: '2025-03-12', attendees: `["${PONTE}"]` },
        ]);
      });

      it('contributions: both phases, attachments, event id', async () => {
        expect(
          await rows(
            ds,
            'SELECT id, phase, session_id, attachments, event_id FROM contributions ORDER BY position',
          ),
        ).toEqual([
          {
            id: C1,
            phase: 'programming',
            session_id: SESSION,
            attachments: `[{"name":"dati.pdf","sha256":"${'a'.repeat(64)}"}]`,
            event_id: '00000000-0000-4000-8000-000000000010',
          },
          {
            id: C2,
            phase: 'implementation',
            session_id: null,
            attachments: '[]',
            event_id: '00000000-0000-4000-8000-000000000013',
          },
        ]);
      });

      it('participants: citizens and groups, open tavoli, attendance, contributions; no personal data; labels in the timeline', async () => {
        const OPEN = '55555555-5555-4555-8555-555555555555';
        const OPEN_SESSION = '66666666-6666-4666-8666-666666666666';
        const later = [
          ev('TavoloConvened', {
            tavoloId: OPEN,
            name: 'Tavolo aperto',
            policyArea: 'domiciliarita',
            description: null,
            openToCitizens: true,
          }),
          ev('ParticipantRegistered', {
            participantId: 'p-1',
            kind: 'citizen',
            subjectId: 'subj_aaaaaaaaaaaaaaaaaaaaaa',
            number: 1,
          }),
          ev('ParticipantRegistered', {
            participantId: 'p-2',
            kind: 'group',
            subjectId: 'subj_bbbbbbbbbbbbbbbbbbbbbb',
            number: 1,
          }),
          ev('ParticipantJoinedTavolo', { tavoloId: OPEN, participantId: 'p-1' }),
          ev('TavoloSessionRecorded', {
            tavoloId: OPEN,
            sessionId: OPEN_SESSION,
            heldOn: '2025-03-20',
            title: 'Ascolto',
            attendees: [],
            minutesSha256: null,
            participants: ['p-1'],
          }),
          ev('ParticipantContributionRecorded', {
            contributionId: 'pc-1',
            tavoloId: OPEN,
            participantId: 'p-1',
            kind: 'need',
            title: 'Trasporto',
            body: 'Serve un accompagnamento.',
            sessionId: null,
            attachments: [],
            channel: 'sportello',
            phase: 'programming',
          }),
        ];
        for (const p of ALL_PROJECTIONS.filter((x) =>
          ['participants', 'timeline'].includes(x.name),
        ))
          await project(ds, p, later, batch);
        expect(
          await rows(ds, 'SELECT id, kind, subject_id, number FROM participants ORDER BY position'),
        ).toEqual([
          { id: 'p-1', kind: 'citizen', subject_id: 'subj_aaaaaaaaaaaaaaaaaaaaaa', number: 1 },
          { id: 'p-2', kind: 'group', subject_id: 'subj_bbbbbbbbbbbbbbbbbbbbbb', number: 1 },
        ]);
        // Only the tavolo convened open to citizens; the one of history() is for enti.
        expect(await rows(ds, 'SELECT tavolo_id, name FROM participant_tavoli')).toEqual([
          { tavolo_id: OPEN, name: 'Tavolo aperto' },
        ]);
        expect(await rows(ds, 'SELECT tavolo_id, participant_id FROM participant_members')).toEqual(
          [{ tavolo_id: OPEN, participant_id: 'p-1' }],
        );
        expect(
          await rows(ds, 'SELECT session_id, participant_id FROM participant_attendance'),
        ).toEqual([{ session_id: OPEN_SESSION, participant_id: 'p-1' }]);
        expect(
          await rows(
            ds,
            'SELECT id, participant_id, channel, phase FROM participant_contributions',
          ),
        ).toEqual([
          { id: 'pc-1', participant_id: 'p-1', channel: 'sportello', phase: 'programming' },
        ]);
        const timeline = (
          await rows(
            ds,
            `SELECT summary FROM timeline WHERE type LIKE 'Participant%' ORDER BY position`,
          )
        ).map((r) => r.summary);
        expect(timeline).toEqual([
          'Cittadina/o n. 1 si è iscritta/o al percorso partecipativo',
          'Gruppo informale n. 1 si è iscritta/o al percorso partecipativo',
          'Cittadina/o n. 1 partecipa al tavolo Tavolo aperto',
          "Cittadina/o n. 1 ha portato un bisogno al tavolo Tavolo aperto allo sportello dell'Ufficio di Piano: «Trasporto»",
        ]);
      });

      it('plan: the approval and its objectives with the cited contributions', async () => {
        expect(
          await rows(ds, 'SELECT triennium_id, act_reference, ledger_digest FROM plans'),
        ).toEqual([
          { triennium_id: TID, act_reference: 'Delibera 7', ledger_digest: 'c'.repeat(64) },
        ]);
        expect(await rows(ds, 'SELECT code, contribution_ids FROM plan_objectives')).toEqual([
          { code: 'OB1', contribution_ids: `["${C1}"]` },
        ]);
      });

      it('timeline: one Italian line per triennium event, names resolved, no contact data', async () => {
        const t = await rows(
          ds,
          'SELECT position, type, summary, refs FROM timeline ORDER BY position',
        );
        expect(t).toHaveLength(13);
        expect(t.map((r) => r.summary)).toEqual([
          'Aperto il triennio 2025-2027',
          "Aperto l'avviso «Avviso 2025» (co-programmazione), iscrizioni fino al 31/01/2099",
          "Cooperativa Sociale Il Ponte si è iscritta all'avviso «Avviso 2025»",
          "Auser Varese si è iscritta all'avviso «Avviso 2025»",
          "Cooperativa Sociale Il Ponte è stata ammessa all'avviso «Avviso 2025»",
          "Auser Varese è stata esclusa dall'avviso «Avviso 2025»: Fuori termine",
          'Convocato il tavolo Domiciliarità e prossimità',
          'Cooperativa Sociale Il Ponte si è unita al tavolo Domiciliarità e prossimità',
          'Seduta del tavolo Domiciliarità e prossimità del 12/03/2025: Prima seduta',
          'Cooperativa Sociale Il Ponte ha portato un bisogno al tavolo Domiciliarità e prossimità: «Assistenza serale»',
          "Chiuso l'avviso «Avviso 2025»: Chiuso in anticipo",
          'Approvato il Piano di Zona (Assemblea dei Sindaci, 30/06/2025) con 1 obiettivo',
          "Cooperativa Sociale Il Ponte ha portato un'osservazione al tavolo Domiciliarità e prossimità: «Monitoraggio» (fase di attuazione)",
        ]);
        expect(JSON.stringify(t)).not.toMatch(/Maria|Luca|@ponte|@auser/);
      });

      it('audit: every envelope, including the ambito event, without data', async () => {
        const a = await rows(
          ds,
          'SELECT position, type, stream_id, hash FROM audit_log ORDER BY position',
        );
        expect(a).toHaveLength(14);
        expect(a[0]).toMatchObject({
          type: 'AmbitoRegistered',
          stream_id: 'ambito-varese',
          hash: 'f'.repeat(64),
        });
        expect(JSON.stringify(a)).not.toContain('maria@ponte.it');
      });
    },
  );

  it(`${label}: an event of a schema version newer than the code is refused, not guessed`, () => {
    const e = history()[1]!;
    expect(() => toProjected({ ...e, schemaVersion: 99 })).toThrow(/newer than/);
  });
}
