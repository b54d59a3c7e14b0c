/**
 * Runs a ProjectionRunner only while this process holds the leader lock: waits (retrying every
 * `retryMs`) as a standby, runs when it gets the lock, stops and waits again if it loses it.
 */
import type { LeaderLock } from './leader.js';
import type { ProjectionRunner, RunnerLogger } from './runner.js';

export class ProjectorSupervisor {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private signalStop: () => void = () => undefined;
  private readonly stopped = new Promise<void>((resolve) => (this.signalStop = resolve));
  active = false;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly lock: LeaderLock,
    private readonly logger: RunnerLogger,
    private readonly retryMs = 1000,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    let waitingLogged = false;
    while (this.running) {
      let got = false;
      try {
        got = await this.lock.tryAcquire();
      } catch (error) {
        this.logger.warn(`Projector: cannot take the ${this.lock.describe()}: ${String(error)}`);
      }
      if (!this.running) break;
      if (!got) {
        if (!waitingLogged)
          this.logger.log(
            `Projector: standby, another projector holds the ${this.lock.describe()}`,
          );
        waitingLogged = true;
        await this.sleep(this.retryMs);
        continue;
      }
      waitingLogged = false;
      try {
        await this.runner.start();
      } catch (error) {
        // e.g. the read database is unreachable: give the lock back and try again later
        this.logger.error(`Projector: cannot start the runner: ${String(error)}`);
        await this.lock.release().catch(() => undefined);
        await this.sleep(this.retryMs * 5);
        continue;
      }
      this.logger.log(`Projector: active (${this.lock.describe()})`);
      this.active = true;
      await Promise.race([this.lock.lost, this.stopped]);
      this.active = false;
      await this.runner.stop();
      if (this.running) this.logger.warn('Projector: lost the leader lock; standing by');
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.signalStop();
    this.wake?.();
    await this.loop?.catch(() => undefined);
    await this.runner.stop();
    await this.lock.release();
  }
}
