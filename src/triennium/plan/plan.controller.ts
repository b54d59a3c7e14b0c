import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type CallerOrAnonymous } from '../../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../../http/created.js';
import { CommandEndpoint } from '../../http/write-result.doc.js';
import { Write, type WriteContext } from '../../write-side/write-context.js';
import { ApprovePlanCommand } from './plan.handlers.js';
import { ApprovePlanDto } from './plan.dto.js';

@Controller('triennia/:tid/plan/approval')
export class PlanCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @CommandEndpoint(
    'PlanApproved; id = the triennium id; ledgerDigest seals the triennium.',
    'PLAN_ALREADY_APPROVED 409, CONTRIBUTION_NOT_ACCEPTED 409, CONTRIBUTION_WITHOUT_ESITO 409, UNKNOWN_CONTRIBUTION 400, UNKNOWN_SIGNATORY 400, NOT_FOUND 404',
  )
  async approve(
    @Param('tid') tid: string,
    @Body() body: ApprovePlanDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(new ApprovePlanCommand(tid, body, caller, write));
    return created(res, `${API_PREFIX}/triennia/${encodeURIComponent(result.id)}/plan`, result);
  }
}
