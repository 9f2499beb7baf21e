// I-Twilio-Idempotency-Token on creates: a retried request with the same token gets the first response
// back instead of creating a second resource, even when the two arrive at the same moment on two instances.
//
// The token is reserved BEFORE the work starts (a pending row, unique per (account, route, token)), so of
// concurrent duplicates exactly one runs; the others wait for its stored answer (polling, bounded) and
// replay it. Only successful responses are kept: a request that fails releases its reservation, so the
// same token can be retried for real. A reservation whose owner died (crash, kill -9) is taken over once
// its lease ends (IDEMPOTENCY_LEASE_MS): its work may or may not have committed, see docs/operations.md.
import type { IdempotencyClaim, IdempotencyRepo } from '../ports/store.ts';
import type { AppDeps, DepsWith } from './deps.ts';

export interface RememberedResponse {
  readonly status: number;
  readonly body: string;
}

/** How long a reservation protects a request at work; longer than any create takes, short enough to retry a crash. */
export const IDEMPOTENCY_LEASE_MS = 30_000;
/** How long a duplicate waits for the first request's answer before it is told to retry later. */
export const IDEMPOTENCY_WAIT_MS = 10_000;

export type Admission =
  /** Ours: run the request, then `finishRequest`. */
  | { readonly kind: 'run'; readonly claim: IdempotencyClaim }
  /** Another request with this token succeeded: send its answer again. */
  | { readonly kind: 'replay'; readonly response: RememberedResponse }
  /** Another request with this token is still at work past the wait: retry after this many seconds. */
  | { readonly kind: 'busy'; readonly retryAfterSeconds: number };

export interface TokenScope {
  readonly accountSid: string;
  readonly scope: string;
  readonly key: string;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const claimFor = (deps: Pick<AppDeps, 'clock'>, token: TokenScope, owner: string): IdempotencyClaim =>
  ({ ...token, owner, leaseUntil: new Date(deps.clock.now().getTime() + IDEMPOTENCY_LEASE_MS) });

/** Reserves the token, or waits (bounded) for the request that holds it and replays its answer. */
export const admitRequest = async (deps: DepsWith<IdempotencyRepo, 'clock' | 'ids'>, token: TokenScope, waitMs = IDEMPOTENCY_WAIT_MS): Promise<Admission> => {
  const owner = deps.ids.token(12);
  const started = Date.now();
  // Polling starts fast (a create takes milliseconds) and backs off; the wait is wall time, not the clock port.
  for (let poll = 20; ; poll = Math.min(poll * 2, 250)) {
    const found = await deps.store.reserveIdempotent(claimFor(deps, token, owner), deps.clock.now());
    if (found.kind === 'reserved') return { kind: 'run', claim: claimFor(deps, token, owner) };
    if (found.kind === 'done') return { kind: 'replay', response: { status: found.status, body: found.body } };
    const now = deps.clock.now();
    if (found.leaseUntil.getTime() <= now.getTime()) {
      const claim = claimFor(deps, token, owner);
      if (await deps.store.takeOverIdempotent(claim, now)) return { kind: 'run', claim };
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= waitMs) {
      return { kind: 'busy', retryAfterSeconds: Math.max(1, Math.ceil((found.leaseUntil.getTime() - now.getTime()) / 1000)) };
    }
    await pause(Math.min(poll, waitMs - waited));
  }
};

/** Stores a successful answer for later duplicates; releases the token after a failure. */
export const finishRequest = async (deps: DepsWith<IdempotencyRepo>, claim: IdempotencyClaim, response: RememberedResponse): Promise<void> => {
  const ok = response.status >= 200 && response.status < 300;
  if (ok) await deps.store.completeIdempotent(claim, response.status, response.body);
  else await deps.store.releaseIdempotent(claim);
};
