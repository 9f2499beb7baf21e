// The job worker: runs the durable work masq owes (store.ts JobRepo), whatever its kind. A pass claims due
// jobs (pushing each a lease into the future, so other instances skip them and a crashed worker's claims
// come back by themselves), runs each with its kind's handler, concurrently, and records the attempt and
// its outcome in one transaction: done, retry later (1 s doubling to 10 min, with jitter), or given up.
// A kind is added by writing its handler; the runtime passes the handlers this process can run, and only
// jobs of those kinds are claimed.
import { performance } from 'node:perf_hooks';
import { JOB_KINDS, type Job, type JobKind } from '../ports/store.ts';
import { describeFailure } from './callbacks/wire.ts';
import type { AppDeps } from './deps.ts';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 10 * 60_000;
const DEFAULT_BATCH = 20;
/** How long a job given back ('elsewhere') waits before any worker claims it again: no worker spins on it. */
export const RELEASE_DELAY_MS = 1_000;

/**
 * The wait after the n-th failed attempt: 1 s, 2 s, 4 s... capped at 10 min, shortened by up to a quarter
 * (`random` in [0, 1)) so jobs that failed together, when a receiver went down, do not retry in lockstep.
 */
export const retryDelayMs = (failedAttempts: number, random: number): number => {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, failedAttempts - 1), BACKOFF_CAP_MS);
  return Math.round(base * (1 - 0.25 * random));
};

/**
 * How long a claim lasts: long enough for one attempt to time out and be recorded; after it, another
 * worker may run the job again. Handlers bound each attempt by the delivery timeout to stay inside it.
 */
export const leaseMs = (deps: AppDeps): number => deps.settings.callbacks.deliveryTimeoutMs * 2 + 5_000;

/** What one attempt came to. `httpStatus` is recorded with the attempt when the job made an HTTP request that got an answer. */
export type JobResult =
  | { readonly kind: 'done'; readonly httpStatus?: number }
  /** Worth another attempt later (until the job's attempts run out). */
  | { readonly kind: 'retry'; readonly error: string; readonly httpStatus?: number }
  /** Retrying cannot help (e.g. the URL itself is unusable): given up now. */
  | { readonly kind: 'give-up'; readonly error: string; readonly httpStatus?: number }
  /**
   * Not this instance's to run (the carrier link it needs is held by another instance, or by none yet):
   * given back unattempted, due again after RELEASE_DELAY_MS, so it waits for the link instead of using up its attempts.
   */
  | { readonly kind: 'elsewhere'; readonly reason: string };

/** The claim an attempt runs under: until `until` (the injected clock's time) no other worker takes the job. */
export interface JobLease {
  readonly until: Date;
}

/**
 * Runs one attempt of a job. A handler that throws is treated as a retry with the error's message. An
 * attempt must end before its lease does, or another worker may run the job beside it: a handler that
 * waits on the outside world bounds that wait by `lease.until` (forward-jobs.ts).
 */
export type JobHandler = (deps: AppDeps, job: Job, lease: JobLease) => Promise<JobResult>;

/** The kinds this process can run; jobs of other kinds wait for a process that can. */
export type JobHandlers = Partial<Record<JobKind, JobHandler>>;

export interface JobPass {
  readonly done: number;
  /** Attempts that failed (retried later or given up). */
  readonly failed: number;
}

const runHandler = async (deps: AppDeps, handler: JobHandler, job: Job, lease: JobLease): Promise<JobResult> => {
  try {
    return await handler(deps, job, lease);
  } catch (err) {
    return { kind: 'retry', error: describeFailure(err) };
  }
};

/** The attempts a job may make: its own limit, else the installation's setting. */
const attemptsAllowed = (deps: AppDeps, job: Job): number => job.maxAttempts ?? deps.settings.callbacks.maxDeliveryAttempts;

/** Records the attempt and moves the job on (done, retry later, or given up) atomically. */
const settle = (deps: AppDeps, job: Job, result: JobResult, attempt: { attemptedAt: Date; durationMs: number }, random: () => number): Promise<void> =>
  deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    if (result.kind === 'elsewhere') return tx.releaseJob(job.id, result.reason, new Date(now.getTime() + RELEASE_DELAY_MS));
    await tx.recordJobAttempt({
      id: deps.ids.token(16), jobId: job.id, attemptedAt: attempt.attemptedAt, httpStatus: result.httpStatus ?? null,
      error: result.kind === 'done' ? null : result.error, durationMs: attempt.durationMs,
    });
    if (result.kind === 'done') return tx.markJobDone(job.id, now);
    const failures = job.attempts + 1;
    if (result.kind === 'give-up' || failures >= attemptsAllowed(deps, job)) return tx.markJobGivenUp(job.id, result.error, now);
    return tx.markJobFailed(job.id, result.error, new Date(now.getTime() + retryDelayMs(failures, random())));
  });

/** One attempt of a claimed job, recorded. */
const attemptJob = async (deps: AppDeps, handler: JobHandler, job: Job, lease: JobLease, random: () => number): Promise<JobResult> => {
  const attemptedAt = deps.clock.now();
  // Real elapsed time, not the injected clock: this is a measurement for the operator.
  const started = performance.now();
  const result = await runHandler(deps, handler, job, lease);
  await settle(deps, job, result, { attemptedAt, durationMs: Math.round(performance.now() - started) }, random);
  return result;
};

const kindsOf = (handlers: JobHandlers): JobKind[] => JOB_KINDS.filter((kind) => handlers[kind] !== undefined);

/** One pass of the worker: claims up to `batch` due jobs of the handled kinds and runs them. */
export async function runDueJobs(deps: AppDeps, handlers: JobHandlers, batch = DEFAULT_BATCH, random: () => number = Math.random): Promise<JobPass> {
  const now = deps.clock.now();
  const lease: JobLease = { until: new Date(now.getTime() + leaseMs(deps)) };
  const claimed = await deps.store.claimDueJobs(now, batch, lease.until, kindsOf(handlers));
  const outcomes = await Promise.allSettled(claimed.map(async (job) => {
    const handler = handlers[job.kind];
    // Claimed by kind, so a handler exists; should one not, the lease runs out and the job comes back.
    if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
    return (await attemptJob(deps, handler, job, lease, random)).kind;
  }));
  const failure = outcomes.find((o) => o.status === 'rejected');
  // Every other job was settled first; a storage failure still surfaces to the loop's error reporter.
  if (failure) throw failure.reason;
  const kinds = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'retry'));
  // A job given back is neither done nor failed: it does not make the pass ask for more at once.
  const done = kinds.filter((kind) => kind === 'done').length;
  return { done, failed: kinds.filter((kind) => kind !== 'done' && kind !== 'elsewhere').length };
}

/**
 * Runs one job now, if it is still due and unclaimed: right after the commit that created it, so the
 * work happens while the request that caused it waits, as it would without a queue. Null when it was not
 * run here (already claimed or finished, or no handler for its kind in `handlers`: then its lease runs
 * out and the worker runs it). Either way the worker is the fallback: a crash here loses nothing.
 */
export async function runJobNow(deps: AppDeps, handlers: JobHandlers, id: string, random: () => number = Math.random): Promise<JobResult | null> {
  const now = deps.clock.now();
  const lease: JobLease = { until: new Date(now.getTime() + leaseMs(deps)) };
  const job = await deps.store.claimJob(id, now, lease.until);
  const handler = job ? handlers[job.kind] : undefined;
  if (!job || !handler) return null;
  return attemptJob(deps, handler, job, lease, random);
}
