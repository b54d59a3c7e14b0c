import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type CallerOrAnonymous } from '../../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../../http/created.js';
import { CommandEndpoint } from '../../http/write-result.doc.js';
import { Write, type WriteContext } from '../../write-side/write-context.js';
import {
  CloseCallCommand,
  DecideRegistrationCommand,
  OpenCallCommand,
  RegisterEnteCommand,
} from './calls.handlers.js';
import { CloseCallDto, DecideRegistrationDto, OpenCallDto, RegisterEnteDto } from './calls.dto.js';

const callPath = (callId: string) => `${API_PREFIX}/calls/${encodeURIComponent(callId)}`;

@Controller()
export class CallsCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('triennia/:tid/calls')
  @CommandEndpoint(
    'CallOpened; id = the call UUID.',
    'NOT_FOUND 404; closesAt not in the future 400',
  )
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
  @CommandEndpoint('CallClosed; id = the call id.', 'CALL_CLOSED 409, NOT_FOUND 404')
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
  @CommandEndpoint(
    'EnteRegistered; id = the codice fiscale.',
    'CALL_CLOSED 409, DUPLICATE_REGISTRATION 409, INELIGIBLE_CATEGORY 409, INVALID_CODICE_FISCALE 400, NOT_FOUND 404',
  )
  async register(
    @Param('callId') callId: string,
    @Body() body: RegisterEnteDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new RegisterEnteCommand(callId, body, caller, write),
    );
    return created(res, callPath(callId), result);
  }

  @Post('calls/:callId/registrations/:codiceFiscale/decision')
  @CommandEndpoint(
    'RegistrationDecided; id = the codice fiscale.',
    'ALREADY_DECIDED 409, PREAVVISO_WINDOW_OPEN 409, NOT_FOUND 404',
  )
  async decide(
    @Param('callId') callId: string,
    @Param('codiceFiscale') codiceFiscale: string,
    @Body() body: DecideRegistrationDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new DecideRegistrationCommand(callId, codiceFiscale, body, caller, write),
    );
    return created(res, callPath(callId), result);
  }
}
