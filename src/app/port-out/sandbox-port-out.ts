// The sandbox as a gaining carrier: POST /sandbox/PortOuts simulates another carrier asking for one of the
// account's sandbox numbers, through the same entry point a real carrier's adapter uses (requestPortOut).
// Only the caller's own numbers on the sandbox carrier: one tenant never probes another's numbers, and a
// simulated port never takes a number masq holds at a real carrier.
import { AppError, notFound } from '../../domain/errors.ts';
import type { PortOut } from '../../domain/port-out.ts';
import { SANDBOX_CARRIER } from '../../ports/sandbox.ts';
import type { InventoryRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { e164Param } from './port-out-reads.ts';
import { requestPortOut, type PortOutRequestInput } from './request-port-out.ts';

export type SandboxPortOutInput = Omit<PortOutRequestInput, 'source' | 'carrierRef'>;

export const sandboxPortOut = async (
  deps: Parameters<typeof requestPortOut>[0] & DepsWith<InventoryRepo>, accountSid: string, input: SandboxPortOutInput,
): Promise<PortOut> => {
  const e164 = e164Param(input.phoneNumber, 'PhoneNumber');
  const live = await deps.store.findLiveNumber(e164);
  if (!live || live.accountSid !== accountSid) throw notFound(`/PhoneNumbers/${e164}`);
  if (live.carrier !== SANDBOX_CARRIER) {
    throw new AppError('sandbox-number-required', `${e164} is on the ${live.carrier} carrier: its port-outs are reported by that carrier, not simulated`);
  }
  return requestPortOut(deps, { ...input, phoneNumber: e164, source: SANDBOX_CARRIER, carrierRef: null });
};
