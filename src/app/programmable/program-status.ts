// A programmable call's progress, as its carrier (or the sandbox) reports it: the traffic record's status
// and duration follow it (never backwards: a late "ringing" after "completed" changes nothing), each change
// is a 'status' event, and when the call ends the number's StatusCallback hears it (Twilio's call status
// parameters, signed, as a durable job written in the same transaction: delivered with retries).
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import type { ResourceStatus } from '../../domain/interaction.ts';
import type { NumberTraffic, TrafficStatus } from '../../domain/programmable/traffic.ts';
import type { InventoryRepo, JobRepo, NewJob, NumberTrafficRepo } from '../../ports/store.ts';
import { callbackJob } from '../callbacks/callback-job.ts';
import type { DepsWith } from '../deps.ts';
import { rfc2822 } from '../recordings/recording-wire.ts';
import { methodOf } from './app-request.ts';
import { callParams } from './twilio-params.ts';

type StatusDeps = DepsWith<NumberTrafficRepo & InventoryRepo & JobRepo, 'clock' | 'ids'>;

export interface ProgramStatusReport {
  /** The carrier account that reported it, and its id of the call. */
  readonly carrier: string;
  readonly resourceSid: string;
  readonly status: ResourceStatus;
  readonly durationSeconds?: number | null;
}

const TRAFFIC_STATUS: Partial<Record<ResourceStatus, TrafficStatus>> = {
  queued: 'ringing', initiated: 'ringing', ringing: 'ringing',
  answered: 'in-progress', 'in-progress': 'in-progress',
  completed: 'completed', busy: 'busy', 'no-answer': 'no-answer', failed: 'failed', canceled: 'canceled',
};

const STAGE: Readonly<Record<TrafficStatus, number>> = {
  ringing: 0, 'in-progress': 1, completed: 2, busy: 2, 'no-answer': 2, failed: 2, canceled: 2, received: 2,
};

export const isFinalCallStatus = (status: TrafficStatus): boolean => STAGE[status] === 2;

/** Twilio's status callback for a call that ended, to the number's StatusCallback (null: none set). */
const statusCallback = (deps: StatusDeps, traffic: NumberTraffic, number: InventoryNumber | null): NewJob | null => {
  const url = number?.config.statusCallback;
  if (!number || !url) return null;
  const params = {
    ...callParams(traffic, number, traffic.status),
    ...(traffic.durationSeconds !== null && { CallDuration: String(traffic.durationSeconds) }),
    Timestamp: rfc2822(deps.clock.now()),
    CallbackSource: 'call-progress-events',
    SequenceNumber: '0',
  };
  return callbackJob(deps, traffic.accountSid, { url, params, method: methodOf(number.config.statusCallbackMethod) });
};

/**
 * Moves the record to `status` (with the call's duration when known), logs it, and owes the StatusCallback
 * when the call ended. A status that is no progress is ignored; true when something changed.
 */
export const advanceTrafficStatus = async (deps: StatusDeps, traffic: NumberTraffic, status: TrafficStatus, durationSeconds: number | null): Promise<boolean> => {
  const progress = STAGE[status] > STAGE[traffic.status];
  const durationNews = !progress && isFinalCallStatus(traffic.status) && traffic.durationSeconds === null && durationSeconds !== null;
  if (!progress && !durationNews) return false;
  const now = deps.clock.now();
  const updated: NumberTraffic = { ...traffic, status: progress ? status : traffic.status, durationSeconds: durationSeconds ?? traffic.durationSeconds, dateUpdated: now };
  const number = progress && isFinalCallStatus(status) ? await deps.store.findInventoryNumber(traffic.accountSid, traffic.numberSid) : null;
  const job = number ? statusCallback(deps, updated, number) : null;
  await deps.store.transaction(async (tx) => {
    await tx.updateTraffic(traffic.sid, { status: updated.status, durationSeconds: updated.durationSeconds, dateUpdated: now });
    const duration = updated.durationSeconds === null ? '' : ` after ${updated.durationSeconds} s`;
    await tx.appendTrafficEvents(traffic.sid, [{
      at: now, kind: 'status', detail: `The call is ${updated.status}${duration}${job ? '; the StatusCallback is owed' : ''}`,
      data: { CallStatus: updated.status, ...(updated.durationSeconds !== null && { CallDuration: String(updated.durationSeconds) }), ...(job && { callbackJob: job.id }) },
    }]);
    if (job) await tx.enqueueJob(job);
  });
  return true;
};

/** A carrier's status report about a call; false when the call is no programmable call masq logged. */
export const recordProgramStatus = async (deps: StatusDeps, report: ProgramStatusReport): Promise<boolean> => {
  const traffic = await deps.store.findTrafficByResource(report.carrier, report.resourceSid);
  if (!traffic || traffic.channel !== 'voice') return false;
  const status = TRAFFIC_STATUS[report.status];
  if (status !== undefined) await advanceTrafficStatus(deps, traffic, status, report.durationSeconds ?? null);
  return true;
};
