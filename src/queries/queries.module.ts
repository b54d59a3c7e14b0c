/** The query API (every GET of API.md but /events, /integrity, /proof) over the read models. */
import { Module } from '@nestjs/common';
import { ObservabilityModule } from '../observability/observability.module.js';
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
  // ObservabilityModule: the rate limit's idea of a client, for the caps on /live streams.
  imports: [ReadModelsModule, ObservabilityModule],
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
