/**
 * The answers of the HTTP contract (API.md) as an outside client reads them: only the fields
 * the demo and the scenario suites rely on. Shapes the contract leaves open (a provenance's ente,
 * tavolo and session; a timeline entry's actor) are `unknown` and read by what they contain.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
}

export interface WriteAnswer {
  id: string;
  position: string;
  eventIds: string[];
  /** Plan approval only. */
  ledgerDigest?: string;
}

export interface Counts {
  calls: number;
  openCalls: number;
  enti: number;
  tavoli: number;
  memberships: number;
  sessions: number;
  contributions: number;
}

export interface AmbitoView {
  id: string;
  name: string;
  region: string;
  capofila: string;
  comuni: string[];
  triennia: { id: string; startYear: number; endYear: number }[];
}

export interface OverviewView {
  id: string;
  ambitoId: string;
  startYear: number;
  endYear: number;
  phase: 'programming' | 'approved';
  counts: Counts;
  plan: null | {
    approvedOn: string;
    actReference: string;
    objectives: unknown;
    ledgerDigest: string;
  };
  lastEventAt: string;
  position: string;
}

export interface CallView {
  id: string;
  title: string;
  kind: string;
  eligibleCategories: string[];
  policyAreas: string[];
  closesAt: string;
  status: 'open' | 'closed';
}

export interface RegistrationView {
  codiceFiscale: string;
  name: string;
  category: string;
  status: 'pending' | 'admitted' | 'excluded';
  reason: string | null;
  contact?: { name: string; email: string };
}

export interface CallDetail extends CallView {
  registrations: RegistrationView[];
}

export interface EnteView {
  codiceFiscale: string;
  name: string;
  category: string;
  comune: string;
  calls: unknown[];
  tavoli: unknown[];
  contributions: number;
  contact?: { name: string; email: string };
}

export interface TavoloView {
  id: string;
  name: string;
  policyArea: string;
  contributions: number;
}

export interface TavoloDetail extends TavoloView {
  members: { codiceFiscale: string; name: string; joinedAt: string }[];
  sessions: {
    id: string;
    heldOn: string;
    title: string;
    attendees: string[];
    minutesSha256: string | null;
  }[];
}

export interface ContributionView {
  id: string;
  codiceFiscale: string;
  kind: string;
  title: string;
  body: string;
  sessionId: string | null;
  recordedAt: string;
  phase: 'programming' | 'implementation';
}

export interface ProvenanceView {
  contributionId: string;
  ente: unknown;
  tavolo: unknown;
  session: unknown;
  recordedAt: string;
  eventId: string;
  position: string;
}

export interface ObjectiveView {
  code: string;
  title: string;
  policyArea: string;
  rationale: string;
  provenance: ProvenanceView[];
}

export interface PlanView {
  approvedOn: string;
  approvedBy: string;
  actReference: string;
  signatories: string[];
  documentSha256: string;
  ledgerDigest: string;
  objectives: ObjectiveView[];
}

export interface TimelineEntry {
  position: string;
  occurredAt: string;
  type: string;
  summary: string;
  actor: unknown;
  refs: unknown;
}

export interface HistoryView {
  asOf: string;
  overview: OverviewView;
  timeline: Page<TimelineEntry>;
}

export interface IntegrityView {
  ok: boolean;
  events: number;
  ledgerDigest: string | null;
  sealedDigest: string | null;
  firstBrokenEventId: string | null;
}

/** The role of a timeline actor, whether the server writes it as an object or a string. */
export function roleOf(actor: unknown): string {
  if (typeof actor === 'string') return actor;
  if (actor && typeof actor === 'object' && 'role' in actor)
    return String((actor as { role: unknown }).role);
  return '';
}
