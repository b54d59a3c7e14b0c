/** The query API (every GET of API.md but /events, /integrity, /proof) over the read models. */
import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module.js';
import { LiveController } from './live.controller.js';
import { MinPositionInterceptor } from './min-position.interceptor.js';
import { PublicAnswerInterceptor, PublicAnswers } from './public-answers.js';
import {
  AmbitiQueriesController,
  CallsQueriesController,
  TavoliQueriesController,
  TrienniaQueriesController,
} from './queries.controllers.js';

@Module({
  imports: [ReadModelsModule],
  controllers: [
    AmbitiQueriesController,
    TrienniaQueriesController,
    LiveController,
    CallsQueriesController,
    TavoliQueriesController,
  ],
  providers: [MinPositionInterceptor, PublicAnswers, PublicAnswerInterceptor],
  exports: [PublicAnswers],
})
export class QueriesModule {}
