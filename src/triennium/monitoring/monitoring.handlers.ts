import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  actorOf,
  requireAdminOf,
  requireAuthenticated,
  type CallerOrAnonymous,
} from '../../auth/caller.js';
import { DomainError } from '../../domain/errors.js';
import type { TrienniumCommand } from '../../domain/commands.js';
import type { WriteResult } from '../../write-side/command-pipeline.js';
import { derivedId } from '../../write-side/ids.js';
import { trienniumRef } from '../../write-side/refs.js';
import { TrienniumWriter } from '../../write-side/triennium-writer.js';
import type { WriteContext } from '../../write-side/write-context.js';
import type {
  ChangeActionStatusDto,
  PlanActionDto,
  RecordActionProgressDto,
} from './monitoring.dto.js';
import type { Responsible } from './monitoring.events.js';

export class MonitoringCommand extends Command<WriteResult> {
  constructor(
    readonly trienniumId: string,
    readonly actionId: string | null,
    readonly body: PlanActionDto | ChangeActionStatusDto | RecordActionProgressDto,
    readonly kind: 'plan' | 'status' | 'progress',
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

function responsibleOf(body: PlanActionDto): Responsible {
  const comune = body.responsibleComune ?? null;
  const ente = body.responsibleEnte ?? null;
  if ((comune === null) === (ente === null)) {
    const message = 'Give exactly one of responsibleComune and responsibleEnte.';
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'responsibleComune', message }]);
  }
  return comune !== null ? { kind: 'signatory', comune } : { kind: 'ente', codiceFiscale: ente! };
}

@CommandHandler(MonitoringCommand)
export class MonitoringHandler implements ICommandHandler<MonitoringCommand> {
  constructor(private readonly writer: TrienniumWriter) {}

  execute({ trienniumId: tid, actionId, body, kind, caller, context }: MonitoringCommand) {
    requireAuthenticated(caller);
    const { trienniumId, ambitoId } = trienniumRef(tid);
    const admin = requireAdminOf(caller, ambitoId);
    let command: TrienniumCommand;
    let resultId: string;
    if (kind === 'plan') {
      const b = body as PlanActionDto;
      resultId = derivedId(context.idSeed, 'actionId');
      command = {
        type: 'PlanAction',
        data: {
          actionId: resultId,
          objectiveCode: b.objectiveCode,
          title: b.title,
          responsible: responsibleOf(b),
          resources: b.resources.map((r) => ({ source: r.source, amountCents: r.amountCents })),
          startsOn: b.startsOn,
          endsOn: b.endsOn,
          milestones: b.milestones.map((m) => ({ title: m.title, dueOn: m.dueOn })),
          contributionIds: b.contributionIds,
        },
      };
    } else if (kind === 'status') {
      const b = body as ChangeActionStatusDto;
      resultId = actionId!;
      command = {
        type: 'ChangeActionStatus',
        data: { actionId: resultId, status: b.status, changedOn: b.changedOn, reason: b.reason },
      };
    } else {
      const b = body as RecordActionProgressDto;
      resultId = actionId!;
      command = {
        type: 'RecordActionProgress',
        data: {
          actionId: resultId,
          progress: b.progress,
          recordedOn: b.recordedOn,
          note: b.note,
          milestonesReached: b.milestonesReached,
          contributionIds: b.contributionIds,
        },
      };
    }
    return this.writer.write({
      trienniumId,
      ambitoId,
      actor: actorOf(admin),
      context,
      resultId,
      command: () => command,
    });
  }
}
