import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Caller, type CallerOrAnonymous } from '../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../http/created.js';
import { WriteResultDoc } from '../http/write-result.doc.js';
import { Write, type WriteContext } from '../write-side/write-context.js';
import { RegisterAmbitoCommand } from './register-ambito.command.js';
import { RegisterAmbitoDto } from './register-ambito.dto.js';

@ApiTags('commands')
@ApiBearerAuth()
@Controller('ambiti')
export class AmbitiCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: WriteResultDoc, description: 'AmbitoRegistered; id = the ambito id.' })
  async register(
    @Body() body: RegisterAmbitoDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(new RegisterAmbitoCommand(body, caller, write));
    return created(res, `${API_PREFIX}/ambiti/${encodeURIComponent(result.id)}`, result);
  }
}
