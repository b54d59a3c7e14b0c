import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type CallerOrAnonymous } from '../../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../../http/created.js';
import { CommandEndpoint } from '../../http/write-result.doc.js';
import { Write, type WriteContext } from '../../write-side/write-context.js';
import {
  ConveneTavoloCommand,
  JoinTavoloCommand,
  RecordContributionCommand,
  RecordSessionCommand,
} from './tavoli.handlers.js';
import {
  ConveneTavoloDto,
  JoinTavoloDto,
  RecordContributionDto,
  RecordSessionDto,
} from './tavoli.dto.js';

const tavoloPath = (tavoloId: string) => `${API_PREFIX}/tavoli/${encodeURIComponent(tavoloId)}`;

@Controller()
export class TavoliCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('triennia/:tid/tavoli')
  @CommandEndpoint('TavoloConvened; id = the tavolo UUID.', 'NOT_FOUND 404')
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
  @CommandEndpoint(
    'TavoloSessionRecorded; id = the session UUID.',
    'NOT_A_MEMBER 409 (an attendee), NOT_FOUND 404',
  )
  async session(
    @Param('tavoloId') tavoloId: string,
    @Body() body: RecordSessionDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new RecordSessionCommand(tavoloId, body, caller, write),
    );
    return created(res, tavoloPath(tavoloId), result);
  }

  @Post('tavoli/:tavoloId/members')
  @CommandEndpoint(
    'EnteJoinedTavolo; id = the codice fiscale.',
    'NOT_ADMITTED 409, ALREADY_MEMBER 409, INVALID_CODICE_FISCALE 400, NOT_FOUND 404',
  )
  async join(
    @Param('tavoloId') tavoloId: string,
    @Body() body: JoinTavoloDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new JoinTavoloCommand(tavoloId, body, caller, write),
    );
    return created(res, tavoloPath(tavoloId), result);
  }

  @Post('tavoli/:tavoloId/contributions')
  @CommandEndpoint(
    'ContributionRecorded; id = the contribution UUID.',
    'NOT_A_MEMBER 409, NOT_FOUND 404 (tavolo, session), INVALID_CODICE_FISCALE 400',
  )
  async contribute(
    @Param('tavoloId') tavoloId: string,
    @Body() body: RecordContributionDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new RecordContributionCommand(tavoloId, body, caller, write),
    );
    // API.md has no GET of one contribution: point at its tavolo.
    return created(res, tavoloPath(tavoloId), result);
  }
}
