import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type CallerOrAnonymous } from '../../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../../http/created.js';
import { CommandEndpoint } from '../../http/write-result.doc.js';
import { Write, type WriteContext } from '../../write-side/write-context.js';
import { ChangeActionStatusDto, PlanActionDto, RecordActionProgressDto } from './monitoring.dto.js';
import { MonitoringCommand } from './monitoring.handlers.js';

@Controller('triennia/:tid/monitoring/actions')
export class MonitoringCommandsController {
  constructor(private readonly commands: CommandBus) {}

  private location(tid: string) {
    return `${API_PREFIX}/triennia/${encodeURIComponent(tid)}/monitoring/actions`;
  }

  @Post()
  @CommandEndpoint(
    'ActionPlanned; id = the new action id.',
    'PLAN_NOT_APPROVED 409, UNKNOWN_OBJECTIVE 400, UNKNOWN_SIGNATORY 400, NOT_ADMITTED 409, UNKNOWN_CONTRIBUTION 400, NOT_FOUND 404',
  )
  async plan(
    @Param('tid') tid: string,
    @Body() body: PlanActionDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new MonitoringCommand(tid, null, body, 'plan', caller, write),
    );
    return created(res, this.location(tid), result);
  }

  @Post(':actionId/status')
  @CommandEndpoint(
    'ActionStatusChanged; id = the action id.',
    'ACTION_STATUS_UNCHANGED 409, NOT_FOUND 404',
  )
  async status(
    @Param('tid') tid: string,
    @Param('actionId') actionId: string,
    @Body() body: ChangeActionStatusDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new MonitoringCommand(tid, actionId, body, 'status', caller, write),
    );
    return created(res, this.location(tid), result);
  }

  @Post(':actionId/progress')
  @CommandEndpoint(
    'ActionProgressRecorded; id = the action id.',
    'UNKNOWN_CONTRIBUTION 400, NOT_FOUND 404',
  )
  async progress(
    @Param('tid') tid: string,
    @Param('actionId') actionId: string,
    @Body() body: RecordActionProgressDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new MonitoringCommand(tid, actionId, body, 'progress', caller, write),
    );
    return created(res, this.location(tid), result);
  }
}
