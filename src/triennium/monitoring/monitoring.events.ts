/**
 * The monitoring of the plan: the actions (interventi) under each objective, their money, status
 * and progress. Stored on the triennium's stream; no natural person is named (the responsible is
 * a comune that signed the plan, or an ente by its codice fiscale).
 */

/** Where the money of an action comes from. */
export const FUNDING_SOURCES = ['fnps', 'regionali', 'comunali', 'pnrr', 'altro'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** fnps: Fondo Nazionale Politiche Sociali; the others are fondi regionali, comunali, PNRR, altro. */
export const FUNDING_SOURCE_IT: Record<FundingSource, string> = {
  fnps: 'Fondo Nazionale Politiche Sociali',
  regionali: 'Fondi regionali',
  comunali: 'Fondi comunali',
  pnrr: 'PNRR',
  altro: 'Altre fonti',
};

export const ACTION_STATUSES = ['pianificato', 'in_corso', 'completato', 'sospeso'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export type Responsible =
  { kind: 'signatory'; comune: string } | { kind: 'ente'; codiceFiscale: string };

export interface Resource {
  source: FundingSource;
  /** Euro cents, a positive integer (no floating point for money). */
  amountCents: number;
}

export interface Milestone {
  title: string;
  dueOn: string; // YYYY-MM-DD
}

export interface ActionPlanned {
  type: 'ActionPlanned';
  data: {
    actionId: string;
    objectiveCode: string;
    title: string;
    responsible: Responsible;
    resources: Resource[];
    startsOn: string;
    endsOn: string;
    milestones: Milestone[];
    /** Contributions (of either phase) the action answers. */
    contributionIds: string[];
  };
}

export interface ActionStatusChanged {
  type: 'ActionStatusChanged';
  data: { actionId: string; status: ActionStatus; changedOn: string; reason: string };
}

export interface ActionProgressRecorded {
  type: 'ActionProgressRecorded';
  data: {
    actionId: string;
    /** 0–100, the share of the action done as the office judges it. */
    progress: number;
    recordedOn: string;
    note: string;
    /** Titles of the action's milestones reached with this record. */
    milestonesReached: string[];
    /** Implementation-phase contributions (e.g. evidence from a tavolo) that concern the action. */
    contributionIds: string[];
  };
}

export type MonitoringEvent = ActionPlanned | ActionStatusChanged | ActionProgressRecorded;
