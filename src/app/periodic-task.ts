// A background task that runs a pass every interval: never two passes at once, a pass that says there is
// more (a full batch) is followed at once by the next, so a backlog drains without waiting a tick per batch.
// Failures are reported and counted, never thrown: the next tick tries again (a database outage heals).
import type { BackgroundTask, TaskHealth } from '../ports/background.ts';
import type { Clock } from '../ports/clock.ts';
import { describeFailure } from './callbacks/wire.ts';

export interface PeriodicTaskOptions {
  readonly name: string;
  readonly intervalMs: number;
  /** One pass; 'more' when it stopped at a batch limit with work left. */
  readonly pass: () => Promise<'more' | 'done'>;
  readonly clock: Clock;
  /** Where a failed pass is reported (the server's logger). */
  readonly onError: (err: unknown) => void;
}

export const periodicTask = (options: PeriodicTaskOptions): BackgroundTask => {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let lastSuccessAt: Date | null = null;
  let lastError: string | null = null;
  let failuresInARow = 0;
  const drain = async (): Promise<void> => {
    while (!stopped && (await options.pass()) === 'more');
  };
  const tick = (): void => {
    if (running || stopped) return;
    running = drain()
      .then(() => {
        lastSuccessAt = options.clock.now();
        lastError = null;
        failuresInARow = 0;
      }, (err: unknown) => {
        lastError = describeFailure(err);
        failuresInARow += 1;
        options.onError(err);
      })
      .finally(() => { running = null; });
  };
  return {
    name: options.name,
    start: () => {
      if (timer || stopped) return;
      timer = setInterval(tick, options.intervalMs);
      // The task never keeps a process alive on its own: stopping the server ends it.
      timer.unref();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
    health: (): TaskHealth => ({ name: options.name, running: timer !== null, lastSuccessAt, lastError, failuresInARow }),
  };
};
