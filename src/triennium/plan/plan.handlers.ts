import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CallerOrAnonymous } from '../../auth/caller.js';
import { merkleRoot } from '../../integrity/merkle.js';
import type { WriteResult } from '../../write-side/command-pipeline.js';
import { trienniumRef } from '../../write-side/refs.js';
import { TrienniumWriter } from '../../write-side/triennium-writer.js';
import type { WriteContext } from '../../write-side/write-context.js';
import type { ApprovePlanDto } from './plan.dto.js';

export class ApprovePlanCommand extends Command<WriteResult> {
  constructor(
    readonly trienniumId: string,
    readonly body: ApprovePlanDto,
    readonly caller: CallerOrAnonymous,
    readonly context: WriteContext,
  ) {
    super();
  }
}

@CommandHandler(ApprovePlanCommand)
export class ApprovePlanHandler implements ICommandHandler<ApprovePlanCommand> {
  constructor(private readonly writer: TrienniumWriter) {}

  execute({ trienniumId: tid, body, caller, context }: ApprovePlanCommand): Promise<WriteResult> {
    return this.writer.writeFor({
      caller,
      context,
      triennium: () => trienniumRef(tid),
      resultId: tid,
      // Runs inside the stream lock, on the exact revision the append will expect: the seal covers
      // every event before the approval, no more, no fewer (a conflict recomputes it).
      command: async ({ streamHashes }) => {
        const hashes = await streamHashes();
        return {
          type: 'ApprovePlan',
          data: {
            approvedOn: body.approvedOn,
            approvedBy: body.approvedBy,
            actReference: body.actReference,
            signatories: body.signatories,
            documentSha256: body.documentSha256,
            objectives: body.objectives.map((o) => ({
              code: o.code,
              title: o.title,
              policyArea: o.policyArea,
              rationale: o.rationale,
              contributionIds: o.contributionIds,
            })),
            ledgerDigest: merkleRoot(hashes),
            sealedEvents: hashes.length,
          },
        };
      },
    });
  }
}
