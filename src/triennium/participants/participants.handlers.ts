/**
 * Commands on participants who are persons. Only the ambito's admin (the Ufficio di Piano, at its
 * front desk) writes them: the sign-in has no citizen role (roles are admin, ente, evaluator), so a
 * person does not register or contribute by themself; the admin is the event's actor and the
 * participant the author.
 *
 * Registering writes the person's data to the personal-data store first, under a subject id
 * derived from the command (a retried command finds its own record), then appends the event,
 * which names only that subject id; a refused registration erases what it recorded.
 */
import { createHash } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  actorOf,
  requireAdminOf,
  requireAuthenticated,
  type CallerOrAnonymous,
} from '../../auth/caller.js';
import { DomainError } from '../../domain/errors.js';
import {
  PersonalDataStore,
  SubjectAlreadyRecordedError,
  type SubjectData,
} from '../../personal-data/personal-data.port.js';
import type { WriteResult } from '../../write-side/command-pipeline.js';
import { EntityDirectory } from '../../write-side/entity-directory.js';
import { derivedId } from '../../write-side/ids.js';
import { trienniumRef } from '../../write-side/refs.js';
import { TrienniumWriter } from '../../write-side/triennium-writer.js';
import type { WriteContext } from '../../write-side/write-context.js';
import type { ParticipantData } from './participants.commands.js';
import { checkParticipantData, normalizedParticipantData } from './participants.decide.js';
import type {
  JoinTavoloAsParticipantDto,
  RecordParticipantContributionDto,
  RegisterParticipantDto,
} from './participants.dto.js';
import { subjectsOf, type ParticipantsState } from './participants.state.js';

export class RegisterParticipantCommand extends Command<WriteResult> {
  constructor(
    readonly trienniumId: string,
    readonly body: RegisterParticipantDto,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

abstract class OnTavoloCommand<B> extends Command<WriteResult> {
  constructor(
    readonly tavoloId: string,
    readonly body: B,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

export class JoinTavoloAsParticipantCommand extends OnTavoloCommand<JoinTavoloAsParticipantDto> {}
export class RecordParticipantContributionCommand extends OnTavoloCommand<RecordParticipantContributionDto> {}

/** The store's subject id of a command: `subj_` + 22 base64url characters, as newSubjectId makes. */
function subjectIdOf(idSeed: string): string {
  const digest = createHash('sha256').update(`${idSeed}:subjectId`).digest('base64url');
  return `subj_${digest.slice(0, 22)}`;
}

/** What the store keeps of a participant (the names of its fields are the store's vocabulary). */
export function subjectDataOf(p: ParticipantData): SubjectData {
  return p.kind === 'group'
    ? { groupName: p.name, referentName: p.referentName, email: p.email, phone: p.phone }
    : { name: p.name, codiceFiscale: p.codiceFiscale, email: p.email, phone: p.phone };
}

@CommandHandler(RegisterParticipantCommand)
export class RegisterParticipantHandler implements ICommandHandler<RegisterParticipantCommand> {
  constructor(
    private readonly writer: TrienniumWriter,
    private readonly store: PersonalDataStore,
  ) {}

  async execute({
    trienniumId: tid,
    body,
    caller,
    context,
  }: RegisterParticipantCommand): Promise<WriteResult> {
    requireAuthenticated(caller);
    const { trienniumId, ambitoId } = trienniumRef(tid);
    const admin = requireAdminOf(caller, ambitoId);
    const participantId = derivedId(context.idSeed, 'participantId');
    const subjectId = subjectIdOf(context.idSeed);
    const raw: ParticipantData = {
      kind: body.kind,
      name: body.name,
      referentName: body.referentName ?? null,
      codiceFiscale: body.codiceFiscale ?? null,
      email: body.email ?? null,
      phone: body.phone ?? null,
      consentToPublish: body.consentToPublish ?? false,
    };
    let recorded = false;
    try {
      return await this.writer.write({
        trienniumId,
        ambitoId,
        actor: actorOf(admin),
        context,
        resultId: participantId,
        command: async ({ state, now }) => {
          // The decider checks the data again; checking here keeps bad data out of the store.
          checkParticipantData(raw);
          const person = normalizedParticipantData(raw);
          const sameCodiceFiscaleAs =
            person.codiceFiscale === null
              ? null
              : await this.holderOf(state, person.codiceFiscale, subjectId);
          if (sameCodiceFiscaleAs === null && !recorded) {
            await this.record(subjectId, ambitoId, person, now);
            recorded = true;
          }
          return {
            type: 'RegisterParticipant',
            data: { participantId, subjectId, person, sameCodiceFiscaleAs },
          };
        },
      });
    } catch (error) {
      // Refused: no event names the subject, so nothing of the person stays behind.
      if (recorded && error instanceof DomainError) await this.store.erase(subjectId);
      throw error;
    }
  }

  private async record(
    subjectId: string,
    ambitoId: string,
    person: ParticipantData,
    now: Date,
  ): Promise<void> {
    try {
      await this.store.record(
        {
          subjectId,
          ambitoId,
          kind: person.kind,
          data: subjectDataOf(person),
          consentToPublish: person.consentToPublish,
        },
        now,
      );
    } catch (error) {
      // A retry of this very command (same Idempotency-Key) finds the record it made.
      if (!(error instanceof SubjectAlreadyRecordedError)) throw error;
      if (await this.store.isErased(subjectId)) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          'The registration made with this Idempotency-Key was erased; register the person again with a new key.',
        );
      }
    }
  }

  /** The participant of this triennium already registered with that codice fiscale, if any. */
  private async holderOf(
    state: ParticipantsState,
    codiceFiscale: string,
    ownSubject: string,
  ): Promise<string | null> {
    const subjects = subjectsOf(state).filter((s) => s.subjectId !== ownSubject);
    if (subjects.length === 0) return null;
    const records = await this.store.findMany(subjects.map((s) => s.subjectId));
    for (const s of subjects) {
      if (records.get(s.subjectId)?.data.codiceFiscale === codiceFiscale) return s.participantId;
    }
    return null;
  }
}

@CommandHandler(JoinTavoloAsParticipantCommand)
export class JoinTavoloAsParticipantHandler implements ICommandHandler<JoinTavoloAsParticipantCommand> {
  constructor(
    private readonly writer: TrienniumWriter,
    private readonly directory: EntityDirectory,
  ) {}

  async execute({
    tavoloId,
    body,
    caller,
    context,
  }: JoinTavoloAsParticipantCommand): Promise<WriteResult> {
    requireAuthenticated(caller);
    const { trienniumId, ambitoId } = await this.directory.tavolo(tavoloId);
    const admin = requireAdminOf(caller, ambitoId);
    return this.writer.write({
      trienniumId,
      ambitoId,
      actor: actorOf(admin),
      context,
      resultId: body.participantId,
      command: () => ({
        type: 'JoinTavoloAsParticipant',
        data: { tavoloId, participantId: body.participantId },
      }),
    });
  }
}

@CommandHandler(RecordParticipantContributionCommand)
export class RecordParticipantContributionHandler implements ICommandHandler<RecordParticipantContributionCommand> {
  constructor(
    private readonly writer: TrienniumWriter,
    private readonly directory: EntityDirectory,
  ) {}

  async execute({
    tavoloId,
    body,
    caller,
    context,
  }: RecordParticipantContributionCommand): Promise<WriteResult> {
    requireAuthenticated(caller);
    const { trienniumId, ambitoId } = await this.directory.tavolo(tavoloId);
    const admin = requireAdminOf(caller, ambitoId);
    const contributionId = derivedId(context.idSeed, 'contributionId');
    return this.writer.write({
      trienniumId,
      ambitoId,
      actor: actorOf(admin),
      context,
      resultId: contributionId,
      command: () => ({
        type: 'RecordParticipantContribution',
        data: {
          contributionId,
          tavoloId,
          participantId: body.participantId,
          kind: body.kind,
          title: body.title,
          body: body.body,
          sessionId: body.sessionId ?? null,
          attachments: (body.attachments ?? []).map((a) => ({ name: a.name, sha256: a.sha256 })),
          channel: body.channel ?? 'sportello',
        },
      }),
    });
  }
}

export const PARTICIPANT_HANDLERS = [
  RegisterParticipantHandler,
  JoinTavoloAsParticipantHandler,
  RecordParticipantContributionHandler,
];
