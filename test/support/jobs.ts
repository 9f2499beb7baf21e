// A job row for storage and worker tests: a due callback by default, every field overridable.
import { randomUUID } from 'node:crypto';
import { readCallbackPayload, type CallbackPayload } from '../../src/app/callbacks/callback-job.ts';
import type { Job, NewJob } from '../../src/ports/store.ts';
import { at } from './fixtures.ts';

export const aJob = (accountSid: string, o: Partial<NewJob> = {}): NewJob => ({
  id: randomUUID(), accountSid, kind: 'callback', payload: { url: 'https://hooks.example.invalid/cb', params: { EventType: 'x', Body: 'a&b=c ✓' } },
  maxAttempts: null, nextAttemptAt: at(0), dateCreated: at(0), ...o,
});

/** What the store holds for a job just enqueued: no attempt made. */
export const asEnqueued = (job: NewJob): Job => ({ ...job, attempts: 0, lastError: null, doneAt: null, givenUpAt: null });

/** The callback a job carries; an empty one for any other job, so filters simply do not match it. */
export const callbackOf = (job: Job): CallbackPayload => readCallbackPayload(job) ?? { url: '', params: {} };
