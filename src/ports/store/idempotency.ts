// Idempotency tokens: at most one request does the work for a token; the others get its answer.

/** Which request holds a token (a random id per request) and until when, if it dies without finishing. */
export interface IdempotencyClaim {
  readonly accountSid: string;
  readonly scope: string;
  readonly key: string;
  readonly owner: string;
  readonly leaseUntil: Date;
}

/** What a reservation found: the token is now ours, someone else's answer, or someone else still at work. */
export type IdempotencyReservation =
  | { readonly kind: 'reserved' }
  | { readonly kind: 'done'; readonly status: number; readonly body: string }
  | { readonly kind: 'pending'; readonly owner: string; readonly leaseUntil: Date };

export interface IdempotencyRepo {
  /**
   * Reserves the token atomically (a pending row, unique key (account, scope, token)), or says who has it.
   * `now` is the creation date. Another request's row is returned as found, even if its lease has ended.
   */
  reserveIdempotent(claim: IdempotencyClaim, now: Date): Promise<IdempotencyReservation>;
  /** Takes over a pending row whose lease ended before `now` (its owner died); false if another was quicker. */
  takeOverIdempotent(claim: IdempotencyClaim, now: Date): Promise<boolean>;
  /** Stores the answer on the owner's pending row, ending the reservation; false if the row is no longer ours. */
  completeIdempotent(claim: IdempotencyClaim, status: number, body: string): Promise<boolean>;
  /** Deletes the owner's pending row, so the token can be used again for real (the request failed). */
  releaseIdempotent(claim: IdempotencyClaim): Promise<void>;
}
