// Everything long-running in one process, under one lifecycle: started together after the store is open,
// reported together (/healthz), stopped together in reverse order before the store closes, each letting its
// in-flight work finish.
import type { BackgroundTask, TaskHealth } from '../ports/background.ts';

export interface Lifecycle {
  start(): void;
  health(): readonly TaskHealth[];
  stop(): Promise<void>;
}

export const createLifecycle = (tasks: readonly BackgroundTask[]): Lifecycle => ({
  start: () => {
    for (const task of tasks) task.start();
  },
  health: () => tasks.map((task) => task.health()),
  stop: async () => {
    // A task may depend on one started before it (a connector on the job worker): stop in reverse.
    for (const task of [...tasks].reverse()) await task.stop();
  },
});
