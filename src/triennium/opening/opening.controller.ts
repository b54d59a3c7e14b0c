import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Caller, type CallerOrAnonymous } from '../../auth/caller.js';
import { API_PREFIX, created, type LocationResponse } from '../../http/created.js';
import { CommandEndpoint } from '../../http/write-result.doc.js';
import { Write, type WriteContext } from '../../write-side/write-context.js';
import { OpenTrienniumCommand } from './opening.handlers.js';
import { OpenTrienniumDto } from './opening.dto.js';

@Controller('ambiti/:ambitoId/triennia')
export class TrienniaCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @CommandEndpoint(
    'TrienniumOpened; id = {ambitoId}-{start}-{start+2}.',
    'TRIENNIUM_EXISTS 409, NOT_FOUND 404',
  )
  async open(
    @Param('ambitoId') ambitoId: string,
    @Body() body: OpenTrienniumDto,
    @Caller() caller: CallerOrAnonymous,
    @Write() write: WriteContext,
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    const result = await this.commands.execute(
      new OpenTrienniumCommand(ambitoId, body, caller, write),
    );
    return created(res, `${API_PREFIX}/triennia/${encodeURIComponent(result.id)}`, result);
  }
}
