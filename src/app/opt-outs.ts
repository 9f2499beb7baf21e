// Opt-outs that stay with a number (issue 12): someone who texts an opt-out word to one of masq's numbers
// gets no more messages from that number, whoever holds it now or later (they are kept by E.164, so a
// recycled number's next holder inherits them), until they text an opt-in word. Recorded whatever the
// number is doing: in a session, outside one, or quarantined. What masq then refuses to send is decided
// where it sends: plan-inbound.ts (forwards, from the route read), send-message-interaction.ts, and the
// auto-replies of route-out-of-session.ts and quarantined-traffic.ts.
import { AppError } from '../domain/errors.ts';
import { isOptOut, type InboundEvent } from '../domain/routing.ts';
import type { InventoryRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

/** The words that take an opt-out back, as carriers treat them (Twilio's default opt-in keywords). */
export const OPT_IN_WORDS: readonly string[] = ['START', 'UNSTOP', 'YES'];

/** What a message says about the sender's subscription to the number it reached; null for anything else. */
export type OptChange = 'opt-out' | 'opt-in' | null;

export const optChangeOf = (event: Pick<InboundEvent, 'channel' | 'body'>, optOutWords: readonly string[]): OptChange => {
  if (event.channel !== 'message') return null;
  // An opt-out word wins should a service list an opt-in word among its opt-out words.
  if (isOptOut(event.body, optOutWords)) return 'opt-out';
  return isOptOut(event.body, OPT_IN_WORDS) ? 'opt-in' : null;
};

type OptOutDeps = DepsWith<Pick<InventoryRepo, 'recordOptOut' | 'removeOptOut'>, 'clock'>;

/**
 * Records the sender's opt-out of the number it reached, or takes it back. `optedOut` is what the caller
 * already knows (the route read says so for traffic in a session): a write that would change nothing is
 * skipped. Both writes are idempotent, so a retried webhook repeats them harmlessly.
 */
export const applyOptChange = async (deps: OptOutDeps, event: InboundEvent, change: OptChange, optedOut: boolean | null = null): Promise<void> => {
  if (change === 'opt-out' && optedOut !== true) {
    await deps.store.recordOptOut(event.to, event.from, event.body.trim().toUpperCase(), deps.clock.now());
  } else if (change === 'opt-in' && optedOut !== false) {
    await deps.store.removeOptOut(event.to, event.from);
  }
};

/** The refusal (21610) of a message from `from` to a recipient who opted out of that number. */
export const unsubscribed = (from: string, to: string): AppError =>
  new AppError('unsubscribed-recipient', `Attempt to send to unsubscribed recipient: ${to} opted out of messages from ${from}`);
