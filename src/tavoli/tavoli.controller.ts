import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Caller, type CallerOrAnonymous } from '../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../http/created.js';
import { WriteResultDoc } from '../http/write-result.doc.js';
import { Write, type WriteContext } from '../write-side/write-context.js';
import { ConveneTavoloCommand, JoinTavoloCommand, RecordContributionCommand, RecordSessionCommand } from './tavoli.commands.js';
import { ConveneTavoloDto, JoinTavoloDto, RecordContributionDto, RecordSessionDto } from './tavoli.dto.js';

const tavoloPath = (tavoloId: string) => `${API_PREFIX}/tavoli/${encodeURIComponent(tavoloId)}`;

@ApiTags('commands')
@ApiBearerAuth()
@Controller()
export class TavoliCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('triennia/:tid/tavoli')
  @HttpCode(201)
  @ApiCreatedResponse({ type: WriteResultDoc, description: 'TavoloConvened; id = the tavolo UUID.' })
  async convene(
    @Param('tid') tid: string,
    @Body() body: ConveneTavoloDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(new ConveneTavoloCommand(tid, body, caller, write));
    return created(res, tavoloPath(result.id), result);
  }

  @Post('tavoli/:tavoloId/sessions')
  @HttpCode(201)
  @ApiCreatedResponse({ type: WriteResultDoc, description: 'TavoloSessionRecorded; id = the session UUID.' })
  async session(
    @Param('tavoloId') tavoloId: string,
    @Body() body: RecordSessionDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(new RecordSessionCommand(tavoloId, body, caller, write));
    return created(res, tavoloPath(tavoloId), result);
  }

  @Post('tavoli/:tavoloId/members')
  @HttpCode(201)
  @ApiCreatedResponse({ type: WriteResultDoc, description: 'EnteJoinedTavolo; id = the codice fiscale.' })
  async join(
    @Param('tavoloId') tavoloId: string,
    @Body() body: JoinTavoloDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(new JoinTavoloCommand(tavoloId, body, caller, write));
    return created(res, tavoloPath(tavoloId), result);
  }

  @Post('tavoli/:tavoloId/contributions')
  @HttpCode(201)
  @ApiCreatedResponse({ type: WriteResultDoc, description: 'ContributionRecorded; id = the contribution UUID.' })
  async contribute(
    @Param('tavoloId') tavoloId: string,
    @Body() body: RecordContributionDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(new RecordContributionCommand(tavoloId, body, caller, write));
    // API.md has no GET of one contribution: point at its tavolo.
    return created(res, tavoloPath(tavoloId), result);
  }
}
