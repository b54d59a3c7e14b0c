import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type CallerOrAnonymous } from '../../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../../http/created.js';
import { CommandEndpoint } from '../../http/write-result.doc.js';
import { Write, type WriteContext } from '../../write-side/write-context.js';
import {
  AnswerPreavvisoDto,
  AnswerSoccorsoDto,
  RequestSoccorsoDto,
  SendPreavvisoDto,
} from './istruttoria.dto.js';
import {
  AnswerPreavvisoCommand,
  AnswerSoccorsoCommand,
  RequestSoccorsoCommand,
  SendPreavvisoCommand,
} from './istruttoria.handlers.js';

const callPath = (callId: string) => `${API_PREFIX}/calls/${encodeURIComponent(callId)}`;
const REGISTRATION = 'calls/:callId/registrations/:codiceFiscale';

@Controller()
export class IstruttoriaCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post(`${REGISTRATION}/soccorso-istruttorio`)
  @CommandEndpoint(
    'SoccorsoIstruttorioRequested; id = the codice fiscale.',
    'SOCCORSO_PENDING 409, ALREADY_DECIDED 409, NOT_FOUND 404',
  )
  async requestSoccorso(
    @Param('callId') callId: string,
    @Param('codiceFiscale') cf: string,
    @Body() body: RequestSoccorsoDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new RequestSoccorsoCommand(callId, cf, body, caller, write),
    );
    return created(res, callPath(callId), result);
  }

  @Post(`${REGISTRATION}/soccorso-istruttorio/answer`)
  @CommandEndpoint(
    'SoccorsoIstruttorioAnswered; id = the codice fiscale.',
    'NO_SOCCORSO 409, SOCCORSO_DEADLINE_PASSED 409, ALREADY_DECIDED 409, NOT_FOUND 404',
  )
  async answerSoccorso(
    @Param('callId') callId: string,
    @Param('codiceFiscale') cf: string,
    @Body() body: AnswerSoccorsoDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new AnswerSoccorsoCommand(callId, cf, body, caller, write),
    );
    return created(res, callPath(callId), result);
  }

  @Post(`${REGISTRATION}/preavviso-di-rigetto`)
  @CommandEndpoint(
    'PreavvisoDiRigettoSent; id = the codice fiscale.',
    'PREAVVISO_WINDOW_OPEN 409, SOCCORSO_PENDING 409, ALREADY_DECIDED 409, NOT_FOUND 404',
  )
  async sendPreavviso(
    @Param('callId') callId: string,
    @Param('codiceFiscale') cf: string,
    @Body() body: SendPreavvisoDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new SendPreavvisoCommand(callId, cf, body, caller, write),
    );
    return created(res, callPath(callId), result);
  }

  @Post(`${REGISTRATION}/preavviso-di-rigetto/answer`)
  @CommandEndpoint(
    'PreavvisoDiRigettoAnswered; id = the codice fiscale.',
    'NO_PREAVVISO 409, PREAVVISO_WINDOW_CLOSED 409, ALREADY_DECIDED 409, NOT_FOUND 404',
  )
  async answerPreavviso(
    @Param('callId') callId: string,
    @Param('codiceFiscale') cf: string,
    @Body() body: AnswerPreavvisoDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new AnswerPreavvisoCommand(callId, cf, body, caller, write),
    );
    return created(res, callPath(callId), result);
  }
}
