import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type CallerOrAnonymous } from '../../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../../http/created.js';
import { CommandEndpoint } from '../../http/write-result.doc.js';
import { Write, type WriteContext } from '../../write-side/write-context.js';
import {
  JoinTavoloAsParticipantCommand,
  RecordParticipantContributionCommand,
  RegisterParticipantCommand,
} from './participants.handlers.js';
import {
  JoinTavoloAsParticipantDto,
  RecordParticipantContributionDto,
  RegisterParticipantDto,
} from './participants.dto.js';

const participantsPath = (tid: string) =>
  `${API_PREFIX}/triennia/${encodeURIComponent(tid)}/participants`;
const tavoloPath = (tavoloId: string) => `${API_PREFIX}/tavoli/${encodeURIComponent(tavoloId)}`;

@Controller()
export class ParticipantsCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post('triennia/:tid/participants')
  @CommandEndpoint(
    'ParticipantRegistered; id = the participant UUID.',
    'INVALID_CODICE_FISCALE 400, DUPLICATE_PARTICIPANT 409, NOT_FOUND 404',
  )
  async register(
    @Param('tid') tid: string,
    @Body() body: RegisterParticipantDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new RegisterParticipantCommand(tid, body, caller, write),
    );
    return created(res, participantsPath(tid), result);
  }

  @Post('tavoli/:tavoloId/participants')
  @CommandEndpoint(
    'ParticipantJoinedTavolo; id = the participant UUID.',
    'TAVOLO_NOT_OPEN_TO_CITIZENS 409, ALREADY_MEMBER 409, NOT_FOUND 404',
  )
  async join(
    @Param('tavoloId') tavoloId: string,
    @Body() body: JoinTavoloAsParticipantDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new JoinTavoloAsParticipantCommand(tavoloId, body, caller, write),
    );
    return created(res, tavoloPath(tavoloId), result);
  }

  @Post('tavoli/:tavoloId/participant-contributions')
  @CommandEndpoint(
    'ParticipantContributionRecorded; id = the contribution UUID.',
    'NOT_A_MEMBER 409, NOT_FOUND 404 (tavolo, session, participant)',
  )
  async contribute(
    @Param('tavoloId') tavoloId: string,
    @Body() body: RecordParticipantContributionDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new RecordParticipantContributionCommand(tavoloId, body, caller, write),
    );
    return created(res, tavoloPath(tavoloId), result);
  }
}
