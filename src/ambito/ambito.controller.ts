import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type CallerOrAnonymous } from '../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../http/created.js';
import { CommandEndpoint } from '../http/write-result.doc.js';
import { Write, type WriteContext } from '../write-side/write-context.js';
import { RegisterAmbitoCommand } from './ambito.handlers.js';
import { RegisterAmbitoDto } from './ambito.dto.js';

@Controller('ambiti')
export class AmbitiCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @CommandEndpoint('AmbitoRegistered; id = the ambito id.', 'AMBITO_EXISTS 409')
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
