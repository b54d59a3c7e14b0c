import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type CallerOrAnonymous } from '../../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../../http/created.js';
import { CommandEndpoint } from '../../http/write-result.doc.js';
import { Write, type WriteContext } from '../../write-side/write-context.js';
import { RecordEsitoDto } from './esiti.dto.js';
import { RecordEsitoCommand } from './esiti.handlers.js';

@Controller()
export class EsitiCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('triennia/:tid/contributions/:contributionId/esito')
  @CommandEndpoint('ContributionEsitoRecorded; id = the contribution id.', 'NOT_FOUND 404')
  async record(
    @Param('tid') tid: string,
    @Param('contributionId') contributionId: string,
    @Body() body: RecordEsitoDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new RecordEsitoCommand(tid, contributionId, body, caller, write),
    );
    return created(
      res,
      `${API_PREFIX}/triennia/${encodeURIComponent(tid)}/contributions/${encodeURIComponent(contributionId)}/esiti`,
      result,
    );
  }
}
