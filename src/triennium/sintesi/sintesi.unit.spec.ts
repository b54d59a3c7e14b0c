import { describe, expect, it } from '@jest/globals';
import { buildSintesi, type SintesiEvent } from './sintesi.build.js';
import { sintesiPdf } from './sintesi.pdf.js';
import { NO_ESITO, sintesiHtml, sintesiJson, sintesiSha256 } from './sintesi.render.js';

const CF1 = '00000000001';
const CF2 = '00000000002';
const CF3 = '00000000003';
const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const C1 = 'c1c1c1c1-c1c1-4c1c-8c1c-c1c1c1c1c1c1';
const C2 = 'c2c2c2c2-c2c2-4c2c-8c2c-c2c2c2c2c2c2';

let position = 0n;
const ev = (type: string, data: object, day = '2025-03-01'): SintesiEvent => ({
  type,
  data,
  position: position++,
  eventId: `e-${position}`,
  occurredAt: `${day}T10:00:00.000Z`,
});

function world() {
  position = 0n;
  const ambitoEvents = [
    ev('AmbitoRegistered', {
      ambitoId: 'varese',
      name: 'Ambito distrettuale di Varese',
      region: 'Lombardia',
      capofila: 'Varese',
      comuni: ['Varese', 'Azzate'],
    }),
  ];
  const trienniumEvents = [
    ev('TrienniumOpened', {
      trienniumId: 'varese-2025-2027',
      ambitoId: 'varese',
      startYear: 2025,
      endYear: 2027,
    }),
    ev('CallOpened', {
      callId: 'k1',
      title: 'Avviso di co-programmazione',
      kind: 'co-programmazione',
      actReference: 'Det. 12/2025',
      closesAt: '2025-02-28T23:00:00.000Z',
    }),
    ev('EnteRegistered', {
      callId: 'k1',
      codiceFiscale: CF1,
      name: 'Cooperativa Il Ponte',
      category: 'cooperativa-sociale',
      comune: 'Varese',
      runtsNumber: null,
      contact: { name: 'Mario Rossi', email: 'mario@example.org' },
    }),
    ev('EnteRegistered', {
      callId: 'k1',
      codiceFiscale: CF2,
      name: 'Auser Varese',
      category: 'odv',
      comune: 'Azzate',
      runtsNumber: null,
      contact: { name: 'Anna Bianchi', email: 'anna@example.org' },
    }),
    ev('EnteRegistered', {
      callId: 'k1',
      codiceFiscale: CF3,
      name: 'Associazione Esclusa',
      category: 'aps',
      comune: 'Varese',
      runtsNumber: null,
      contact: { name: 'Luca Verdi', email: 'luca@example.org' },
    }),
    ev('RegistrationDecided', {
      callId: 'k1',
      codiceFiscale: CF1,
      outcome: 'admitted',
      reason: null,
    }),
    ev('RegistrationDecided', {
      callId: 'k1',
      codiceFiscale: CF2,
      outcome: 'admitted',
      reason: null,
    }),
    ev('RegistrationDecided', {
      callId: 'k1',
      codiceFiscale: CF3,
      outcome: 'excluded',
      reason: 'Sede fuori ambito',
    }),
    ev('TavoloConvened', {
      tavoloId: T1,
      name: 'Domiciliarità',
      policyArea: 'domiciliarita',
      description: null,
    }),
    ev('TavoloConvened', {
      tavoloId: T2,
      name: 'Lavoro e inclusione',
      policyArea: 'lavoro',
      description: null,
    }),
    ev('EnteJoinedTavolo', { tavoloId: T1, codiceFiscale: CF1 }),
    ev('EnteJoinedTavolo', { tavoloId: T1, codiceFiscale: CF2 }),
    ev('EnteJoinedTavolo', { tavoloId: T2, codiceFiscale: CF1 }),
    ev('TavoloSessionRecorded', {
      tavoloId: T1,
      sessionId: 's1',
      heldOn: '2025-03-12',
      title: 'Prima seduta',
      attendees: [CF1],
      minutesSha256: 'b'.repeat(64),
    }),
    ev('ContributionRecorded', {
      contributionId: C1,
      tavoloId: T1,
      codiceFiscale: CF1,
      kind: 'proposal',
      title: 'Custodi sociali di quartiere',
      body: 'Una rete di custodi per gli anziani soli (à è ì ò ù — “citazione”).',
      sessionId: 's1',
      attachments: [],
      phase: 'programming',
    }),
    ev('ContributionRecorded', {
      contributionId: C2,
      tavoloId: T2,
      codiceFiscale: CF1,
      kind: 'need',
      title: 'Tirocini',
      body: 'Borse lavoro.',
      sessionId: null,
      attachments: [],
      phase: 'programming',
    }),
    ev(
      'PlanApproved',
      {
        approvedOn: '2025-06-30',
        approvedBy: 'Assemblea dei Sindaci',
        actReference: 'Delibera 3/2025',
        signatories: ['Varese'],
        documentSha256: 'c'.repeat(64),
        objectives: [
          {
            code: 'OB1',
            title: 'Domiciliarità leggera',
            policyArea: 'domiciliarita',
            rationale: 'Dai tavoli.',
            contributionIds: [C1],
          },
        ],
        ledgerDigest: 'd'.repeat(64),
        sealedEvents: 16,
      },
      '2025-06-30',
    ),
  ];
  return { ambitoEvents, trienniumEvents };
}

const renditions = (input: ReturnType<typeof world>, tavoloId?: string) => {
  const s = buildSintesi({ ...input, ...(tavoloId ? { tavoloId } : {}) });
  const sha = sintesiSha256(s);
  return {
    s,
    sha,
    json: Buffer.from(sintesiJson(s, sha)),
    html: Buffer.from(sintesiHtml(s, sha)),
    pdf: sintesiPdf(s, sha),
  };
};

describe('documento istruttorio di sintesi', () => {
  it('Given the same events, when it is generated twice, then JSON, HTML and PDF are the same bytes', () => {
    const a = renditions(world());
    const b = renditions(world());
    expect(a.sha).toBe(b.sha);
    expect(a.json.equals(b.json)).toBe(true);
    expect(a.html.equals(b.html)).toBe(true);
    expect(a.pdf.equals(b.pdf)).toBe(true);
  });

  it('When a later event is recorded (an esito), then the hash changes and the esito is shown', () => {
    const before = renditions(world());
    const later = world();
    later.trienniumEvents.push(
      ev(
        'ContributionEsitoRecorded',
        {
          contributionId: C1,
          esito: 'accolto_in_parte',
          reasons: 'Recepito nell’obiettivo OB1.',
          actReference: null,
        },
        '2025-07-02',
      ),
    );
    const after = renditions(later);
    expect(after.sha).not.toBe(before.sha);
    expect(before.html.toString()).toContain(NO_ESITO);
    const c1 = after.s.tavoli[0]!.contributi[0]!;
    expect(c1.esito).toEqual({
      esito: 'accolto_in_parte',
      reasons: 'Recepito nell’obiettivo OB1.',
      actReference: null,
      recordedOn: '2025-07-02',
    });
    expect(after.html.toString()).toContain('Accolto in parte');
    expect(after.s.totali).toMatchObject({
      contributi: 2,
      contributiConEsito: 1,
      contributiSenzaEsito: 1,
    });
    expect(after.pdf.toString('latin1')).toContain('/CreationDate (D:20250702100000Z)');
  });

  it('lists the admitted enti only, the excluded with their reasons, and no contact person', () => {
    const { s, json } = renditions(world());
    expect(s.partecipanti.map((p) => p.name)).toEqual(['Auser Varese', 'Cooperativa Il Ponte']);
    expect(s.esclusi).toEqual([
      {
        codiceFiscale: CF3,
        name: 'Associazione Esclusa',
        callId: 'k1',
        reason: 'Sede fuori ambito',
        decidedOn: '2025-03-01',
      },
    ]);
    expect(json.toString()).not.toMatch(/Mario Rossi|example\.org|Anna Bianchi/);
  });

  it('gives each session its attendance (present and absent members) and each contribution the objectives it fed', () => {
    const { s } = renditions(world());
    const seduta = s.tavoli[0]!.sedute[0]!;
    expect(seduta.presenti.map((p) => p.name)).toEqual(['Cooperativa Il Ponte']);
    expect(seduta.assenti.map((p) => p.name)).toEqual(['Auser Varese']);
    expect(s.tavoli[0]!.contributi[0]!.obiettivi).toEqual(['OB1']);
    expect(s.tavoli[1]!.contributi[0]!.obiettivi).toEqual([]);
  });

  it('JSON is canonical (sorted keys) and its sha256 is the hash of the rest', () => {
    const { s, sha, json } = renditions(world());
    const parsed = JSON.parse(json.toString()) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([...Object.keys(parsed)].sort());
    expect(parsed.sha256).toBe(sha);
    delete parsed.sha256;
    expect(sintesiSha256(parsed as never)).toBe(sintesiSha256(s));
  });

  it('writes a well-formed PDF: each object where the xref says, the id from the hash, no clock', () => {
    const { sha, pdf } = renditions(world());
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    const xref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    const offsets = [...text.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) =>
      Number(m[1]),
    );
    offsets.forEach((o, i) =>
      expect(text.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`),
    );
    expect(text).toContain(`/ID [<${sha.slice(0, 32)}> <${sha.slice(0, 32)}>]`);
    expect(text).toContain('/CreationDate (D:20250630100000Z)');
    // Italian letters in WinAnsi, not mangled.
    expect(pdf.includes(Buffer.from('Domiciliarit\xe0', 'latin1'))).toBe(true);
  });

  it('as of an earlier position is the sintesi built from the events up to it', () => {
    const full = world();
    const cut = full.trienniumEvents.findIndex((e) => e.type === 'PlanApproved');
    const upTo = full.trienniumEvents[cut - 1]!.position;
    const early = buildSintesi({
      ambitoEvents: full.ambitoEvents,
      trienniumEvents: full.trienniumEvents.filter((e) => e.position <= upTo),
    });
    expect(early.piano).toBeNull();
    expect(early.asOf.position).toBe(String(upTo));
  });

  it('for one tavolo: its members, sessions and contributions, and only the objectives citing them', () => {
    const t2 = renditions(world(), T2).s;
    expect(t2.tavolo).toEqual({ id: T2, name: 'Lavoro e inclusione' });
    expect(t2.tavoli.map((t) => t.id)).toEqual([T2]);
    expect(t2.partecipanti.map((p) => p.codiceFiscale)).toEqual([CF1]);
    expect(t2.piano?.objectives).toEqual([]);
    const t1 = renditions(world(), T1).s;
    expect(t1.piano?.objectives.map((o) => o.code)).toEqual(['OB1']);
  });
});
