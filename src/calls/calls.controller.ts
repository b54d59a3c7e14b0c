import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Caller, type CallerOrAnonymous } from '../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../http/created.js';
import { WriteResultDoc } from '../http/write-result.doc.js';
import { Write, type WriteContext } from '../write-side/write-context.js';
import { CloseCallCommand, DecideRegistrationCommand, OpenCallCommand, RegisterEnteCommand } from './calls.commands.js';
import { CloseCallDto, DecideRegistrationDto, OpenCallDto, RegisterEnteDto } from './calls.dto.js';

const callPath = (callId: string) => `${API_PREFIX}/calls/${encodeURIComponent(callId)}`;

@ApiTags('commands')
@ApiBearerAuth()
@Controller()
export class CallsCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('triennia/:tid/calls')
  @HttpCode(201)
  @ApiCreatedResponse({ type: WriteResultDoc, description: 'CallOpened; id = the call UUID.' })
  async open(
    @Param('tid') tid: string,
    @Body() body: OpenCallDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(new OpenCallCommand(tid, body, caller, write));
    return created(res, callPath(result.id), result);
  }

  @Post('calls/:callId/close')
  @HttpCode(201)
  @ApiCreatedResponse({ type: WriteResultDoc, description: 'CallClosed; id = the call id.' })
  async close(
    @Param('callId') callId: string,
    @Body() body: CloseCallDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(new CloseCallCommand(callId, body, caller, write));
    return created(res, callPath(callId), result);
  }

  @Post('calls/:callId/registrations')
  @HttpCode(201)
  @ApiCreatedResponse({ type: WriteResultDoc, description: 'EnteRegistered; id = the codice fiscale.' })
  async register(
    @Param('callId') callId: string,
    @Body() body: RegisterEnteDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(new RegisterEnteCommand(callId, body, caller, write));
    return created(res, callPath(callId), result);
  }

  @Post('calls/:callId/registrations/:codiceFiscale/decision')
  @HttpCode(201)
  @ApiCreatedResponse({ type: WriteResultDoc, description: 'RegistrationDecided; id = the codice fiscale.' })
  async decide(
    @Param('callId') callId: string,
    @Param('codiceFiscale') codiceFiscale: string,
    @Body() body: DecideRegistrationDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(new DecideRegistrationCommand(callId, codiceFiscale, body, caller, write));
    return created(res, callPath(callId), result);
  }
}
