import { Module } from '@nestjs/common';
import { PARTICIPANT_HANDLERS } from './participants.handlers.js';
import { ParticipantsCommandsController } from './participants.controller.js';
import { ParticipantsQueriesController } from './participants.queries.controller.js';

/** Citizens and informal groups: commands and reads (the personal-data store is global). */
@Module({
  controllers: [ParticipantsCommandsController, ParticipantsQueriesController],
  providers: [...PARTICIPANT_HANDLERS],
})
export class ParticipantsModule {}
