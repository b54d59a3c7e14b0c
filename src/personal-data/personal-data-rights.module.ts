import { Module } from '@nestjs/common';
import { PersonalDataController } from './personal-data.controller.js';
import { PersonalDataCommandHandler } from './personal-data.handlers.js';
import { PersonalDataRights } from './personal-data-rights.js';

/** The data subject's rights API (the store itself: PersonalDataModule, global). */
@Module({
  controllers: [PersonalDataController],
  providers: [PersonalDataRights, PersonalDataCommandHandler],
  exports: [PersonalDataRights],
})
export class PersonalDataRightsModule {}
