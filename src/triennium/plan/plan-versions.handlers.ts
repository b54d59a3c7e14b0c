import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  actorOf,
  requireAdminOf,
  requireAuthenticated,
  type CallerOrAnonymous,
} from '../../auth/caller.js';
import { merkleRoot } from '../../integrity/merkle.js';
import type { WriteResult } from '../../write-side/command-pipeline.js';
import { trienniumRef } from '../../write-side/refs.js';
import { TrienniumWriter } from '../../write-side/triennium-writer.js';
import type { WriteContext } from '../../write-side/write-context.js';
import type { AdoptPlanVersionDto } from './plan-versions.dto.js';

export class AdoptPlanVersionCommand extends Command<WriteResult> {
  constructor(
    readonly trienniumId: string,
    readonly body: AdoptPlanVersionDto,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

@CommandHandler(AdoptPlanVersionCommand)
export class AdoptPlanVersionHandler implements ICommandHandler<AdoptPlanVersionCommand> {
  constructor(private readonly writer: TrienniumWriter) {}

  execute({ trienniumId: tid, body, caller, context }: AdoptPlanVersionCommand) {
    requireAuthenticated(caller);
    const { trienniumId, ambitoId } = trienniumRef(tid);
    const admin = requireAdminOf(caller, ambitoId);
    return this.writer.write({
      trienniumId,
      ambitoId,
      actor: actorOf(admin),
      context,
      resultId: trienniumId,
      // As for the approval: inside the stream lock, on the revision the append will expect, so
      // the seal covers every event before this version (a conflict recomputes it).
      command: async ({ streamHashes }) => {
        const hashes = await streamHashes();
        return {
          type: 'AdoptPlanVersion',
          data: {
            kind: body.kind,
            adoptedOn: body.adoptedOn,
            adoptedBy: body.adoptedBy,
            actReference: body.actReference,
            reasons: body.reasons,
            documentSha256: body.documentSha256,
            added: body.added.map((o) => ({
              code: o.code,
              title: o.title,
              policyArea: o.policyArea,
              rationale: o.rationale,
              contributionIds: o.contributionIds,
            })),
            changed: body.changed.map((c) => ({
              code: c.code,
              set: {
                title: c.set.title ?? undefined,
                policyArea: c.set.policyArea ?? undefined,
                rationale: c.set.rationale ?? undefined,
                contributionIds: c.set.contributionIds ?? undefined,
              },
              note: c.note,
            })),
            withdrawn: body.withdrawn.map((w) => ({ code: w.code, reason: w.reason })),
            ledgerDigest: merkleRoot(hashes),
            sealedEvents: hashes.length,
          },
        };
      },
    });
  }
}
