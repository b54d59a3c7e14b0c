/** The query API (every GET of API.md but /events, /integrity, /proof) over the read models. */
import { Module, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { HeavyReads } from '../http/heavy-reads.js';
import { ObservabilityModule } from '../observability/observability.module.js';
import { ReadModelsModule } from '../read-models/read-models.module.js';
import { HistoryReplays } from './history-replays.js';
import { LiveController } from './live.controller.js';
import { MinPositionInterceptor } from './min-position.interceptor.js';
import { PublicAnswerInterceptor, PublicAnswers } from './public-answers.js';
import { CallsQueriesController } from '../triennium/calls/calls.queries.controller.js';
import { TavoliQueriesController } from '../triennium/tavoli/tavoli.queries.controller.js';
import { PlanQueriesController } from '../triennium/plan/plan.queries.controller.js';
import { IstruttoriaQueriesController } from '../triennium/calls/istruttoria.queries.controller.js';
import { EsitiQueriesController } from '../triennium/esiti/esiti.queries.controller.js';
import { PlanVersionsQueriesController } from '../triennium/plan/plan-versions.queries.controller.js';
import { AmbitiQueriesController, TrienniaQueriesController } from './queries.controllers.js';

@Module({
  // ObservabilityModule: the rate limit's idea of a client, for the caps on /live streams.
  imports: [ReadModelsModule, ObservabilityModule],
  controllers: [
    AmbitiQueriesController,
    TrienniaQueriesController,
    LiveController,
    CallsQueriesController,
    TavoliQueriesController,
    PlanQueriesController,
    IstruttoriaQueriesController,
    EsitiQueriesController,
    PlanVersionsQueriesController,
  ],
  providers: [
    MinPositionInterceptor,
    PublicAnswers,
    PublicAnswerInterceptor,
    {
      provide: HistoryReplays,
      inject: [EVENT_STORE, HeavyReads],
      useFactory: (store: EventStore, heavy: HeavyReads) => new HistoryReplays(store, heavy),
    },
  ],
  exports: [PublicAnswers],
})
export class QueriesModule implements OnModuleDestroy {
  constructor(private readonly replays: HistoryReplays) {}

  async onModuleDestroy(): Promise<void> {
    await this.replays.close();
  }
}
