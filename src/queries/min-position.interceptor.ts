/**
 * Read-your-writes: `?minPosition=<position>` on any read waits (at most
 * config.minPositionTimeoutMs) until the projections have reached that position, else
 * 503 PROJECTION_LAG.
 */
import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { DomainError } from '../domain/errors.js';
import { ReadModelsService } from '../read-models/read-models.service.js';

@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ query: Record<string, unknown> }>();
    const raw = request.query?.minPosition;
    if (raw === undefined) return next.handle();
    if (typeof raw !== 'string' || !/^\d{1,19}$/.test(raw)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'minPosition: must be a global position (a non-negative integer)',
        [{ field: 'minPosition', message: 'must be a non-negative integer' }],
      );
    }
    const target = BigInt(raw);
    return from(this.readModels.waitForPosition(target, this.config.minPositionTimeoutMs)).pipe(
      switchMap((reached) => {
        if (!reached) {
          throw new DomainError(
            'PROJECTION_LAG',
            `The projections have not reached position ${raw} yet; retry shortly.`,
          );
        }
        return next.handle();
      }),
    );
  }
}
