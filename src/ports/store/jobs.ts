// Durable work masq owes: one queue of jobs, each kind run by its own handler.

/**
 * The kinds of durable work masq owes, each run by its own handler (app/run-jobs.ts). Adding a kind is
 * adding it here and registering a handler: the table, the queue and the retries are shared.
 */
export const JOB_KINDS = ['callback', 'send-message', 'bridge-call', 'number-order', 'recording-callback'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * Work masq owes, written in the same transaction as what caused it (invariant 4): a customer's callback,
 * a message or call leg to send through a carrier's API. Claimed with a lease, retried with backoff,
 * given up after its attempts; every attempt is recorded.
 */
export interface Job {
  readonly id: string;
  readonly accountSid: string;
  readonly kind: JobKind;
  /** The kind's own data, stored as JSON (a callback: its url and form params). */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly attempts: number;
  /** Attempts before giving up; null = the installation's setting (MASQ_CALLBACK_MAX_ATTEMPTS). */
  readonly maxAttempts: number | null;
  /** When the job is due; while claimed, the end of the claim's lease. */
  readonly nextAttemptAt: Date;
  readonly lastError: string | null;
  readonly doneAt: Date | null;
  /** When the last allowed attempt failed; a given-up job is never claimed again but stays listed. */
  readonly givenUpAt: Date | null;
  readonly dateCreated: Date;
}

/** What a caller enqueues: no attempt made yet. */
export type NewJob = Pick<Job, 'id' | 'accountSid' | 'kind' | 'payload' | 'maxAttempts' | 'nextAttemptAt' | 'dateCreated'>;

/** One attempt at a job, kept so an operator can see why a callback did not arrive or a send failed. */
export interface JobAttempt {
  readonly id: string;
  readonly jobId: string;
  readonly attemptedAt: Date;
  /** The HTTP status the receiver answered with; null when there was no answer (or no HTTP request). */
  readonly httpStatus: number | null;
  /** Why the attempt failed (non-2xx, timeout, refused destination...); null when it succeeded. */
  readonly error: string | null;
  readonly durationMs: number;
}

export interface JobRepo {
  enqueueJob(job: NewJob): Promise<void>;
  /**
   * Due jobs (of these kinds, if given), oldest due first, each pushed to `leaseUntil` so no other worker
   * sees it as due until the lease runs out. On PostgreSQL claimed with FOR UPDATE SKIP LOCKED.
   */
  claimDueJobs(now: Date, limit: number, leaseUntil: Date, kinds?: readonly JobKind[]): Promise<readonly Job[]>;
  /** Claims this one job as claimDueJobs would, if it is due and unleased; null otherwise (done, leased, given up, unknown). */
  claimJob(id: string, now: Date, leaseUntil: Date): Promise<Job | null>;
  /** Counts the successful attempt. */
  markJobDone(id: string, now: Date): Promise<void>;
  /** Counts the failed attempt and makes the job due again at `nextAttemptAt`. */
  markJobFailed(id: string, error: string, nextAttemptAt: Date): Promise<void>;
  /** Gives a claimed job back unattempted (this instance cannot run it: another holds the carrier link), due again at `dueAt`. */
  releaseJob(id: string, reason: string, dueAt: Date): Promise<void>;
  /** Counts the final failed attempt and takes the job out of the due queue for good. */
  markJobGivenUp(id: string, error: string, now: Date): Promise<void>;
  /** The account's jobs (of one kind, if given), newest first. */
  listJobs(accountSid: string, filter: { readonly kind?: JobKind; readonly limit: number }): Promise<readonly Job[]>;
  findJob(accountSid: string, id: string): Promise<Job | null>;
  recordJobAttempt(attempt: JobAttempt): Promise<void>;
  /** Oldest first. */
  listJobAttempts(jobId: string): Promise<readonly JobAttempt[]>;
}
