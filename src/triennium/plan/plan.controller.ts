import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type CallerOrAnonymous } from '../../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../../http/created.js';
import { CommandEndpoint } from '../../http/write-result.doc.js';
import { Write, type WriteContext } from '../../write-side/write-context.js';
import { ApprovePlanCommand } from './plan.handlers.js';
import { ApprovePlanDto } from './plan.dto.js';
import { AdoptPlanVersionCommand } from './plan-versions.handlers.js';
import { AdoptPlanVersionDto } from './plan-versions.dto.js';

@Controller('triennia/:tid/plan')
export class PlanCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('approval')
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

  @Post('versions')
  @CommandEndpoint(
    'PlanVersionAdopted; id = the triennium id; ledgerDigest seals the triennium up to this version.',
    'PLAN_NOT_APPROVED 409, OBJECTIVE_CODE_TAKEN 409, UNKNOWN_OBJECTIVE 400, UNKNOWN_CONTRIBUTION 400, NOT_FOUND 404',
  )
  async adoptVersion(
    @Param('tid') tid: string,
    @Body() body: AdoptPlanVersionDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new AdoptPlanVersionCommand(tid, body, caller, write),
    );
    return created(
      res,
      `${API_PREFIX}/triennia/${encodeURIComponent(result.id)}/plan/versions`,
      result,
    );
  }
}
