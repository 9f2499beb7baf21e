// The sandbox carrier is a simulated network: a real carrier must never carry a leg from a sandbox number.
// A call is bridged by the carrier holding its inbound leg, so a call arriving on Twilio or a SIP trunk whose
// partner's proxy number is on the sandbox would show a real phone a number nobody can call back (and a
// message answered in a real carrier's webhook would leave from it). The other way is harmless: a forward
// the sandbox sends stays on the simulated network (and virtual phones never reach real numbers).
import type { Blocked } from './inbound-interaction.ts';
import type { AppDeps } from './deps.ts';

const SANDBOX_TYPE = 'sandbox';

const isSandbox = (deps: Pick<AppDeps, 'carriers'>, account: string): boolean => deps.carriers.find(account)?.type === SANDBOX_TYPE;

/** Null unless the real carrier account `sentBy` would carry the leg from `from`, a number on the sandbox. */
export const sandboxMix = (deps: Pick<AppDeps, 'carriers'>, sentBy: string, from: string, fromCarrier: string): Blocked | null => {
  if (isSandbox(deps, sentBy) || !isSandbox(deps, fromCarrier)) return null;
  return {
    code: 'sandbox-carrier-mix',
    reason: `The partner's proxy number ${from} is on the sandbox carrier: carrier account '${sentBy}' cannot carry traffic from it to a real phone`,
  };
};
