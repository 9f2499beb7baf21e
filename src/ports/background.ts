// Long-running work a process does besides answering requests: the expiry sweeper, the job worker, and
// later carrier connectors (SIP listeners, SMPP binds). The composition root owns them in one lifecycle
// (app/lifecycle.ts): started together, reported together on /healthz, stopped together.

export interface TaskHealth {
  readonly name: string;
  readonly running: boolean;
  /** When the task last finished a pass (or connected); null before the first. */
  readonly lastSuccessAt: Date | null;
  /** Why its last pass failed; null once a pass succeeds again. */
  readonly lastError: string | null;
  /** Passes that failed since the last success: a stuck task shows here before anyone reads its logs. */
  readonly failuresInARow: number;
}

export interface BackgroundTask {
  readonly name: string;
  start(): void;
  /** Resolves once in-flight work has finished; nothing new starts after it is called. */
  stop(): Promise<void>;
  health(): TaskHealth;
}
