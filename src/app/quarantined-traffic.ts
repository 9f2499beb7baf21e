// Traffic to a quarantined number (issue 12, "quarantine that protects people"): its former holder gave it
// up, but people who had it still call and text it. Nothing is ever forwarded: a call hears that the
// number is no longer in service, a message gets the account's quarantineSmsReply (if it set one), and
// every attempt is recorded as misdirected traffic, which the sweeper weighs before the number is reused
// and the API shows. No Proxy session exists, so no interaction is logged: the misdirected record is the log.
// A retried webhook is counted again: the count is a measure of how busy the number still is, not a ledger.
import { refusePlan, replyPlan, type CallPlan } from '../domain/call-plan.ts';
import type { ErrorName } from '../domain/errors.ts';
import type { InventoryNumber } from '../domain/inventory-number.ts';
import { DEFAULT_OPT_OUT_WORDS, type InboundEvent } from '../domain/routing.ts';
import type { InventoryRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { loadNumberPolicy } from './number-policy.ts';
import { applyOptChange, optChangeOf } from './opt-outs.ts';

/** What a caller to a quarantined number hears before the call ends. */
export const QUARANTINE_ANNOUNCEMENT = 'The number you have called is no longer in service.';

type QuarantineDeps = DepsWith<InventoryRepo, 'clock' | 'ids'>;

// Logged (and reported by the sandbox API) as Twilio's "phone number not available".
const REFUSAL_CODE: ErrorName = 'phone-number-unavailable';

/** The reply to a message, unless the account set none or the sender opted out of this number. */
const smsReply = async (deps: QuarantineDeps, event: InboundEvent, number: InventoryNumber): Promise<string | null> => {
  const text = (await loadNumberPolicy(deps.store, number.accountSid)).quarantineSmsReply;
  if (text === null || (await deps.store.isOptedOut(event.to, event.from))) return null;
  return text;
};

export const quarantinedTraffic = async (deps: QuarantineDeps, event: InboundEvent, number: InventoryNumber): Promise<CallPlan> => {
  // Keyed by the carrier's resource id: a webhook the carrier retries is one attempt, not two.
  await deps.store.recordMisdirected({
    id: `${event.carrier}:${event.resourceSid}`, numberSid: number.sid, sender: event.from, channel: event.channel, occurredAt: deps.clock.now(),
  });
  // No service owns the number any more: the standard words apply. The opt-out outlives the quarantine.
  const change = optChangeOf(event, DEFAULT_OPT_OUT_WORDS);
  await applyOptChange(deps, event, change);
  const refusal: NonNullable<CallPlan['refusal']> = { code: REFUSAL_CODE, reason: `${number.phoneNumber} was released and is quarantined: traffic to it is never forwarded` };
  if (event.channel === 'voice') return { ...replyPlan('voice', event.carrier, event.from, event.to, QUARANTINE_ANNOUNCEMENT), refusal };
  // STOP and START get no "not in service" answer: the sender was not trying to reach anyone.
  const text = change === null ? await smsReply(deps, event, number) : null;
  if (text === null) return refusePlan('message', refusal.code, refusal.reason);
  return { ...replyPlan('message', event.carrier, event.from, event.to, text), refusal };
};
