// The sandbox carrier is a simulated network: nothing may cross between it and a real carrier. A session
// whose two proxy numbers sit on each side would otherwise show a real phone a sandbox number as caller id
// (a call is bridged by the carrier holding its inbound leg) or hand simulated traffic to a real person.
import type { Blocked } from './inbound-interaction.ts';
import type { AppDeps } from './deps.ts';

const SANDBOX_TYPE = 'sandbox';

const isSandbox = (deps: Pick<AppDeps, 'carriers'>, account: string): boolean => deps.carriers.find(account)?.type === SANDBOX_TYPE;

/** Null when the traffic stays on one side (both sandbox, or both real); otherwise why it is refused. */
export const sandboxMix = (deps: Pick<AppDeps, 'carriers'>, arrivedOn: string, partnerNumber: string, partnerCarrier: string): Blocked | null => {
  if (isSandbox(deps, arrivedOn) === isSandbox(deps, partnerCarrier)) return null;
  return {
    code: 'sandbox-carrier-mix',
    reason: `The partner's proxy number ${partnerNumber} is on carrier account '${partnerCarrier}' and the traffic arrived on '${arrivedOn}': the sandbox and a real carrier never exchange traffic`,
  };
};
