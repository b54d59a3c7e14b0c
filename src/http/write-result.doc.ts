import { applyDecorators, HttpCode } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOperation,
  ApiProperty,
  ApiSchema,
  ApiTags,
} from '@nestjs/swagger';
import { RefusalResponses, type Refusals, type RefusalStatus } from './refusals.doc.js';

/** OpenAPI shape of every 201 (API.md "Writes"). */
@ApiSchema({ name: 'WriteResult' })
export class WriteResultDoc {
  @ApiProperty({ type: 'string', description: 'The id of what the command created or changed.' })
  id!: string;

  @ApiProperty({
    description:
      'Global position of the last event written (decimal string); use as ?minPosition=.',
    type: 'string',
    pattern: '^[0-9]+$',
    example: '42',
  })
  position!: string;

  @ApiProperty({ type: 'string', isArray: true, format: 'uuid' })
  eventIds!: string[];

  @ApiProperty({
    type: 'string',
    pattern: '^[0-9a-f]{64}$',
    required: false,
    description: 'Plan approval only: Merkle root sealing the triennium.',
  })
  ledgerDigest?: string;

  @ApiProperty({
    type: 'string',
    enum: ['complete', 'copies-only'],
    required: false,
    description:
      'Erasure of personal data only: `copies-only` when the data is also inside hash-chained v1 events.',
  })
  scope?: 'complete' | 'copies-only';

  @ApiProperty({
    type: 'string',
    isArray: true,
    format: 'uuid',
    required: false,
    description: 'Erasure of personal data only: the v1 events whose bytes still hold the data.',
  })
  retainedInEvents?: string[];
}

/** Summary and description of each command, by the event it records (API.md "Commands"). */
const COMMANDS: Record<string, { summary: string; description: string }> = {
  AccessGranted: {
    summary: 'Grant an account a role',
    description:
      'An admin of the ambito grants an account (a pseudonymous id) its admin or ente role there; the platform operator (`*`) grants evaluator and platform-admin roles.',
  },
  AccessRevoked: {
    summary: 'Revoke a grant',
    description:
      'Whoever may grant it revokes it; the sessions opened with that grant end at once.',
  },
  AmbitoRegistered: {
    summary: 'Register an ambito',
    description: 'An admin of that ambito id (or of `*`) registers the ambito with its comuni.',
  },
  TrienniumOpened: {
    summary: 'Open a triennium',
    description: "An admin of the ambito opens the three years of a Piano di Zona's programming.",
  },
  CallOpened: {
    summary: 'Open a call',
    description: 'An admin opens a call (avviso) for third-sector enti to register on.',
  },
  CallClosed: {
    summary: 'Close a call',
    description: 'An admin closes a call before its deadline.',
  },
  EnteRegistered: {
    summary: 'Register an ente on a call',
    description: 'An admin, or the ente whose codice fiscale the token names, registers on a call.',
  },
  RegistrationDecided: {
    summary: 'Admit or exclude a registration',
    description: 'An admin decides a registration; a reason is required to exclude.',
  },
  TavoloConvened: {
    summary: 'Convene a tavolo',
    description: 'An admin convenes a tavolo (working table) on a policy area of the triennium.',
  },
  TavoloSessionRecorded: {
    summary: 'Record a session of a tavolo',
    description: 'An admin records a session held, with the members who attended.',
  },
  EnteJoinedTavolo: {
    summary: 'Join a tavolo',
    description: 'An admin, or that ente, adds an admitted ente to a tavolo.',
  },
  ContributionRecorded: {
    summary: 'Record a contribution',
    description: 'An admin, or that member ente, records a contribution at a tavolo.',
  },
  ParticipantRegistered: {
    summary: 'Register a citizen or informal group',
    description:
      "An admin of the ambito (the Ufficio di Piano's front desk) registers a citizen or an informal group for the triennium's participatory process. Their data (name, codice fiscale, e-mail, phone, referent) goes to the personal-data store; the event holds only the data subject's id and the public label number.",
  },
  ParticipantJoinedTavolo: {
    summary: 'A citizen or group joins a tavolo',
    description: 'An admin adds a registered participant to a tavolo convened open to citizens.',
  },
  ParticipantContributionRecorded: {
    summary: "Record a citizen's or group's contribution",
    description:
      'An admin records what a participant said (at the front desk, in a session, in writing): the admin is the actor, the participant the author.',
  },
  PersonalDataRectified: {
    summary: "Rectify a data subject's personal data",
    description:
      "GDPR art. 16, the ambito's admin only: the new version replaces the old one, which is gone; the event names the subject by id and the new version number, no data.",
  },
  PersonalDataErased: {
    summary: "Erase a data subject's personal data",
    description:
      'GDPR art. 17, the ambito\'s admin only, on a `ground` of art. 17(1): the data leaves the personal-data store (and any read-model copy); the event names the subject by id and the ground. `scope: copies-only` (with `retainedInEvents`) when the data is also inside hash-chained v1 events, which cannot be erased (README, "Personal data").',
  },
  PublicationConsentChanged: {
    summary: 'Record consent to publication given or withdrawn',
    description: "GDPR art. 7, the ambito's admin only: whether public pages may name the person.",
  },
  DocumentRegistered: {
    summary: 'Upload a document',
    description:
      "An admin of the ambito uploads a document (minutes, a session's materials, an attachment, the plan): " +
      'the body is the file itself, with its Content-Type; it is kept by its SHA-256 (the same bytes once) ' +
      'and its hash is checked against Repr-Digest, Digest or ?sha256= when the request names one.',
  },
  SoccorsoIstruttorioRequested: {
    summary: 'Ask an ente to complete its application (soccorso istruttorio)',
    description:
      'An admin says what the application lacks and by when; one request awaits an answer at a time, only while the registration is pending.',
  },
  SoccorsoIstruttorioAnswered: {
    summary: 'Answer a soccorso istruttorio',
    description:
      "The ente (or an admin recording the answer it received: `via: 'ufficio'`) answers by the deadline, citing documents by SHA-256.",
  },
  PreavvisoDiRigettoSent: {
    summary: 'Send a preavviso di rigetto (L. 241/1990 art. 10-bis)',
    description:
      'Before excluding, an admin sends the reasons; the ente may answer within `answerWindowDays` (10 by default). An exclusion inside the window, unanswered, is refused with PREAVVISO_WINDOW_OPEN.',
  },
  PreavvisoDiRigettoAnswered: {
    summary: 'Answer a preavviso di rigetto',
    description:
      'The ente (or an admin for it) presents its observations before the window closes; the exclusion may then be decided.',
  },
  ContributionEsitoRecorded: {
    summary: 'Record the esito of a contribution',
    description:
      'An admin answers a contribution: accolto, accolto_in_parte, non_accolto or rinviato_fase_attuativa, with the reasons. A new esito replaces the current one; the history is kept.',
  },
  PlanApproved: {
    summary: 'Approve the plan',
    description:
      "An admin records the plan's approval and its objectives with the contributions they cite; " +
      'the answer also has `ledgerDigest`, the Merkle root that seals the triennium.',
  },
  ActionPlanned: {
    summary: 'Plan an action under an objective',
    description:
      'An admin records an intervento: objective, responsible (a signatory comune or an admitted ente), money by funding source in euro cents, dates, milestones.',
  },
  ActionStatusChanged: {
    summary: "Change an action's status",
    description:
      'An admin records a new status (pianificato, in_corso, completato, sospeso) with its reason.',
  },
  ActionProgressRecorded: {
    summary: "Record an action's progress",
    description:
      'An admin records progress (0–100), milestones reached and the implementation contributions that concern it.',
  },
  PlanVersionAdopted: {
    summary: 'Adopt a new version of the plan',
    description:
      'An admin records an annual programma attuativo or an amendment (variazione): its act, date ' +
      'and reasons, the objectives added, changed and withdrawn. Sealed like the approval: the ' +
      'answer has `ledgerDigest`, the Merkle root over every earlier event of the triennium.',
  },
};

/** The refusals any write may answer (API.md "Other codes any write may answer"). */
const WRITE_REFUSALS: Refusals = {
  400: ['VALIDATION_FAILED'],
  401: ['UNAUTHENTICATED'],
  403: ['FORBIDDEN'],
  409: ['CONCURRENCY_CONFLICT', 'CHAIN_BROKEN'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
  422: ['IDEMPOTENCY_KEY_REUSED'],
  429: ['RATE_LIMITED'],
  503: ['EVENT_STORE_UNAVAILABLE'],
};

/** `codes` as API.md lists them ("CALL_CLOSED 409, NOT_FOUND 404") added to the shared refusals. */
function refusalsOf(codes: string): Refusals {
  const refusals: Record<number, string[]> = {};
  for (const [status, list] of Object.entries(WRITE_REFUSALS)) refusals[Number(status)] = [...list];
  for (const [, code, status] of codes.matchAll(/\b([A-Z][A-Z_]+) (\d{3})\b/g)) {
    const list = (refusals[Number(status)] ??= []);
    // The command's own codes first: the example shows the one this command is known for.
    if (!list.includes(code!)) list.unshift(code!);
  }
  return refusals as Partial<Record<RefusalStatus, string[]>>;
}

/**
 * Everything a command endpoint shares in the OpenAPI document: 201 with WriteResult and a
 * Location, the Idempotency-Key and X-Correlation-Id headers, and the refusals any write may get
 * plus the command's own codes, listed in `codes` as API.md lists them. `summary` starts with the
 * event the command records.
 */
export function CommandEndpoint(summary: string, codes: string) {
  const event = /^[A-Za-z]+/.exec(summary)?.[0] ?? '';
  const operation = COMMANDS[event];
  if (!operation) throw new Error(`CommandEndpoint: no summary for the command recording ${event}`);
  return applyDecorators(
    HttpCode(201),
    ApiTags('commands'),
    ApiBearerAuth(),
    ApiOperation({
      summary: operation.summary,
      description: `${operation.description} Records ${summary} Refusals of its own: ${codes}.`,
    }),
    ApiCreatedResponse({
      type: WriteResultDoc,
      description: summary,
      headers: {
        Location: { description: 'GET path of the resource.', schema: { type: 'string' } },
      },
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        "The caller's own key (scoped to the token's sub): same key + same body answers the first response again; another body: 422. Another caller's equal key is another command.",
      schema: { type: 'string' },
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description:
        'Recorded in the events metadata and echoed back; a new UUID when absent or not a short token.',
      schema: { type: 'string', maxLength: 128 },
    }),
    RefusalResponses(refusalsOf(codes)),
  );
}
