// Every kind of durable job masq runs, with its handler: what the job worker and runJobNow dispatch on.
import { deliverCallback } from './deliver-webhooks.ts';
import { bridgeCallJob, sendMessageJob } from './forward-jobs.ts';
import { runNumberOrder } from './number-order-job.ts';
import { deliverRecordingJob } from './recordings/deliver-recording.ts';
import type { JobHandlers } from './run-jobs.ts';

export const JOB_HANDLERS: JobHandlers = {
  callback: deliverCallback,
  'send-message': sendMessageJob,
  'bridge-call': bridgeCallJob,
  'number-order': runNumberOrder,
  'recording-callback': deliverRecordingJob,
};
