/**
 * Read-your-writes: `?minPosition=<position>` on any read waits (at most
 * config.minPositionTimeoutMs) until the projections have reached that position, else
 * 503 PROJECTION_LAG.
 *
 * A read of a triennium some projection stopped for (an event it cannot store, see
 * projections/runner.ts) answers 503 PROJECTION_STOPPED at once, with or without `minPosition`:
 * its read models will not move until a rebuild, so waiting would only end in PROJECTION_LAG.
 */
import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import type { StreamStop } from '../../projections/runner.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { DomainError } from '../domain/errors.js';
import { ReadModelsService } from '../read-models/read-models.service.js';

function stoppedError(tid: string, stops: readonly StreamStop[]): DomainError {
  const first = stops[0]!;
  const names = [...new Set(stops.map((x) => x.projection))].join(', ');
  return new DomainError(
    'PROJECTION_STOPPED',
    `The read models of triennium "${tid}" stopped at event ${first.eventId} (position ${first.position}; projections: ${names}); the operator has been told (readiness, metrics) and a rebuild after a fix resumes them.`,
  );
}

/**
 * 503 PROJECTION_STOPPED when some projection stopped for triennium `tid`: for the reads named by
 * another id (/calls/{id}, /tavoli/{id}), which know their triennium only once they have read it.
 */
export async function refuseIfStopped(readModels: ReadModelsService, tid: string): Promise<void> {
  const stops = await readModels.stops(tid);
  if (stops.length > 0) throw stoppedError(tid, stops);
}

@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{
      query: Record<string, unknown>;
      params?: Record<string, unknown>;
    }>();
    const raw = request.query?.minPosition;
    const tid = typeof request.params?.tid === 'string' ? request.params.tid : null;
    if (raw !== undefined && (typeof raw !== 'string' || !/^\d{1,19}$/.test(raw))) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'minPosition: must be a global position (a non-negative integer)',
        [{ field: 'minPosition', message: 'must be a non-negative integer' }],
      );
    }
    const checkStops = (): Observable<unknown> => {
      if (tid === null) return next.handle();
      const stops = this.readModels.stops(tid);
      if (Array.isArray(stops)) {
        if (stops.length > 0) throw stoppedError(tid, stops);
        return next.handle();
      }
      return from(stops).pipe(
        switchMap((found) => {
          if (found.length > 0) throw stoppedError(tid, found);
          return next.handle();
        }),
      );
    };
    if (raw === undefined) return checkStops();
    const target = BigInt(raw as string);
    return from(this.readModels.waitForPosition(target, this.config.minPositionTimeoutMs)).pipe(
      switchMap((reached) => {
        if (!reached) {
          // A stop of this triennium explains the wait better than a lag would.
          if (tid !== null)
            return from(Promise.resolve(this.readModels.stops(tid))).pipe(
              switchMap((found) => {
                if (found.length > 0) throw stoppedError(tid, found);
                throw lagError(raw as string);
              }),
            );
          throw lagError(raw as string);
        }
        return checkStops();
      }),
    );
  }
}

function lagError(raw: string): DomainError {
  return new DomainError(
    'PROJECTION_LAG',
    `The projections have not reached position ${raw} yet; retry shortly.`,
  );
}
