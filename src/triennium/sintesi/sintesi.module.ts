import { Module } from '@nestjs/common';
import { SintesiController } from './sintesi.controller.js';
import { SintesiService } from './sintesi.service.js';

/** The documento istruttorio di sintesi, generated from the events (EntityDirectory: WriteSideModule). */
@Module({ controllers: [SintesiController], providers: [SintesiService] })
export class SintesiModule {}
