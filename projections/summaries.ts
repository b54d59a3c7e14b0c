/**
 * One-line Italian summaries of the timeline. They name enti, tavoli and calls, never a person:
 * contact data stays out of the timeline.
 */
import { participantLabel } from '../src/triennium/participants/participants.display.js';
import type { ProjectedEvent } from './projection.js';

export { participantLabel };

const KIND_IT: Record<string, string> = {
  need: 'un bisogno',
  proposal: 'una proposta',
  observation: "un'osservazione",
  evidence: "un'evidenza",
};

const DOCUMENT_KIND_IT: Record<string, string> = {
  verbale: 'il verbale',
  materiale: 'il materiale di seduta',
  allegato: "l'allegato",
  piano: 'il documento di piano',
  atto: "l'atto",
  altro: 'il documento',
};

const romeDate = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** `YYYY-MM-DD` → `DD/MM/YYYY`. */
export function italianDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}

/** An instant as its calendar date in Europe/Rome. */
export function italianDay(instant: string): string {
  const d = new Date(instant);
  return Number.isNaN(d.getTime()) ? instant : romeDate.format(d);
}

/** The esiti as the timeline says them. */
export const ESITO_IT: Record<string, string> = {
  accolto: 'accolto',
  accolto_in_parte: 'accolto in parte',
  non_accolto: 'non accolto',
  rinviato_fase_attuativa: 'rinviato alla fase attuativa',
};

export interface Names {
  ente(cf: string): string;
  contribution(id: string): string;
  tavolo(id: string): string;
  call(id: string): string;
  /** A participant's neutral label ("Cittadina/o n. 7"), never a person's name. */
  participant(id: string): string;
  action(id: string): string;
}

const STATUS_IT: Record<string, string> = {
  pianificato: 'pianificato',
  in_corso: 'in corso',
  completato: 'completato',
  sospeso: 'sospeso',
};

/** Euro cents as Italian euro: 1250000 → «12.500,00 €». */
export function euro(cents: number): string {
  return new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** "1 ritirato", "2 modificati", or null for none. */
function counted(n: number, one: string, many: string): string | null {
  return n === 0 ? null : `${n} ${n === 1 ? one : many}`;
}

const CHANNEL_IT: Record<string, string> = {
  sportello: "allo sportello dell'Ufficio di Piano",
  seduta: 'in seduta',
  scritto: 'per iscritto',
};

export function summarize(e: ProjectedEvent, n: Names): string {
  switch (e.type) {
    case 'AmbitoRegistered':
      return `Registrato l'ambito ${e.data.name}`;
    case 'TrienniumOpened':
      return `Aperto il triennio ${e.data.startYear}-${e.data.endYear}`;
    case 'CallOpened':
      return `Aperto l'avviso «${e.data.title}» (${e.data.kind}), iscrizioni fino al ${italianDay(e.data.closesAt)}`;
    case 'CallClosed':
      return (
        `Chiuso l'avviso «${n.call(e.data.callId)}»` + (e.data.reason ? `: ${e.data.reason}` : '')
      );
    case 'EnteRegistered':
      return (
        `${e.data.name} si è iscritta all'avviso «${n.call(e.data.callId)}»` +
        (e.data.role === 'consultivo' ? ' (domanda tardiva, con ruolo consultivo)' : '')
      );
    case 'RegistrationDecided':
      return e.data.outcome === 'admitted'
        ? `${n.ente(e.data.codiceFiscale)} è stata ammessa all'avviso «${n.call(e.data.callId)}»`
        : `${n.ente(e.data.codiceFiscale)} è stata esclusa dall'avviso «${n.call(e.data.callId)}»` +
            (e.data.reason ? `: ${e.data.reason}` : '');
    case 'TavoloConvened':
      return (
        `Convocato il tavolo ${e.data.name}` +
        (e.data.openToCitizens ? ', aperto a cittadine, cittadini e gruppi informali' : '')
      );
    case 'TavoloSessionRecorded': {
      const people = e.data.participants?.length ?? 0;
      return (
        `Seduta del tavolo ${n.tavolo(e.data.tavoloId)} del ${italianDate(e.data.heldOn)}: ${e.data.title}` +
        (people > 0
          ? ` (presenti anche ${people} ${people === 1 ? 'partecipante' : 'partecipanti'} a titolo personale)`
          : '')
      );
    }
    case 'EnteJoinedTavolo':
      return `${n.ente(e.data.codiceFiscale)} si è unita al tavolo ${n.tavolo(e.data.tavoloId)}`;
    case 'ContributionRecorded':
      return (
        `${n.ente(e.data.codiceFiscale)} ha portato ${KIND_IT[e.data.kind] ?? 'un contributo'} al tavolo ${n.tavolo(e.data.tavoloId)}: «${e.data.title}»` +
        (e.data.phase === 'implementation' ? ' (fase di attuazione)' : '')
      );
    case 'ParticipantRegistered':
      return `${participantLabel(e.data.kind, e.data.number)} si è iscritta/o al percorso partecipativo`;
    case 'ParticipantJoinedTavolo':
      return `${n.participant(e.data.participantId)} partecipa al tavolo ${n.tavolo(e.data.tavoloId)}`;
    case 'ParticipantContributionRecorded':
      return (
        `${n.participant(e.data.participantId)} ha portato ${KIND_IT[e.data.kind] ?? 'un contributo'} al tavolo ${n.tavolo(e.data.tavoloId)} ${CHANNEL_IT[e.data.channel] ?? ''}: «${e.data.title}»` +
        (e.data.phase === 'implementation' ? ' (fase di attuazione)' : '')
      );
    // Ambito events (not in the triennium's timeline): they name a subject only by its id.
    case 'PersonalDataErased':
      return 'Cancellati i dati personali di un interessato';
    case 'PersonalDataRectified':
      return 'Rettificati i dati personali di un interessato';
    case 'PublicationConsentChanged':
      return e.data.consent
        ? 'Un interessato ha dato il consenso alla pubblicazione del nome'
        : 'Un interessato ha revocato il consenso alla pubblicazione del nome';
    case 'DocumentRegistered':
      return (
        `Depositato ${DOCUMENT_KIND_IT[e.data.kind] ?? 'il documento'} «${e.data.title}» ` +
        `(${e.data.visibility === 'public' ? 'pubblico' : 'riservato'}, SHA-256 ${e.data.sha256.slice(0, 12)}…)`
      );
    case 'SoccorsoIstruttorioRequested':
      return `Chiesto a ${n.ente(e.data.codiceFiscale)} di integrare la domanda all'avviso «${n.call(e.data.callId)}» entro il ${italianDay(e.data.deadline)} (soccorso istruttorio): ${e.data.missing}`;
    case 'SoccorsoIstruttorioAnswered':
      return `${n.ente(e.data.codiceFiscale)} ha integrato la domanda all'avviso «${n.call(e.data.callId)}»${e.data.via === 'ufficio' ? " (risposta registrata dall'ufficio)" : ''}`;
    case 'PreavvisoDiRigettoSent':
      return `Inviato a ${n.ente(e.data.codiceFiscale)} il preavviso di rigetto per l'avviso «${n.call(e.data.callId)}», osservazioni entro il ${italianDay(e.data.answerBy)}: ${e.data.reasons}`;
    case 'PreavvisoDiRigettoAnswered':
      return `${n.ente(e.data.codiceFiscale)} ha presentato osservazioni al preavviso di rigetto per l'avviso «${n.call(e.data.callId)}»${e.data.via === 'ufficio' ? " (registrate dall'ufficio)" : ''}`;
    case 'ContributionEsitoRecorded':
      return `Esito del contributo «${n.contribution(e.data.contributionId)}»: ${ESITO_IT[e.data.esito] ?? e.data.esito}. ${e.data.reasons}`;
    case 'PlanApproved':
      return `Approvato il Piano di Zona (${e.data.approvedBy}, ${italianDate(e.data.approvedOn)}) con ${e.data.objectives.length} ${e.data.objectives.length === 1 ? 'obiettivo' : 'obiettivi'}`;
    case 'ActionPlanned': {
      const total = e.data.resources.reduce((sum, r) => sum + r.amountCents, 0);
      return `Pianificato l'intervento «${e.data.title}» per l'obiettivo ${e.data.objectiveCode} (${euro(total)}, dal ${italianDate(e.data.startsOn)} al ${italianDate(e.data.endsOn)})`;
    }
    case 'ActionStatusChanged':
      return `Intervento «${n.action(e.data.actionId)}»: ${STATUS_IT[e.data.status] ?? e.data.status} dal ${italianDate(e.data.changedOn)} (${e.data.reason})`;
    case 'ActionProgressRecorded':
      return (
        `Intervento «${n.action(e.data.actionId)}»: avanzamento al ${e.data.progress}% (${italianDate(e.data.recordedOn)})` +
        (e.data.milestonesReached.length > 0
          ? `; traguardi raggiunti: ${e.data.milestonesReached.join(', ')}`
          : '')
      );
    case 'PlanVersionAdopted': {
      const d = e.data;
      const what = d.kind === 'programma-attuativo' ? 'programma attuativo' : 'variazione';
      const parts = [
        counted(d.added.length, 'obiettivo aggiunto', 'obiettivi aggiunti'),
        counted(d.changed.length, 'obiettivo modificato', 'obiettivi modificati'),
        counted(d.withdrawn.length, 'obiettivo ritirato', 'obiettivi ritirati'),
      ].filter((p) => p !== null);
      return `Adottata la versione ${d.version} del Piano di Zona (${what}, ${d.adoptedBy}, ${italianDate(d.adoptedOn)}): ${parts.join(', ')}`;
    }
  }
}

/** Ids an entry refers to (never contact data). */
export function refsOf(e: ProjectedEvent): Record<string, string> {
  const d = e.data as Record<string, unknown>;
  const refs: Record<string, string> = {};
  for (const k of [
    'trienniumId',
    'callId',
    'codiceFiscale',
    'tavoloId',
    'sessionId',
    'contributionId',
    'participantId',
    'actionId',
  ] as const) {
    if (typeof d[k] === 'string') refs[k] = d[k] as string;
  }
  if (e.type === 'PlanApproved' || e.type === 'PlanVersionAdopted')
    refs.trienniumId = e.metadata.trienniumId ?? '';
  if (e.type === 'DocumentRegistered') refs.sha256 = e.data.sha256;
  return refs;
}
