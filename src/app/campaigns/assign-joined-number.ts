// A number that joins a messaging service whose carrier campaign is already VERIFIED is put in that campaign
// at the carrier (docs/messaging.md, "Real carriers"); before, only the numbers present at verification were.
// The carrier is asked after the number's own transaction has committed, never inside it; when it cannot be
// asked or refuses, the campaign is marked (registry.assignPending) and polled again soon, and the
// registration sweeper assigns the service's numbers then (decide-due-campaigns.ts).
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import { CARRIER_POLL_SECONDS, registryOf } from '../../domain/messaging/registry-link.ts';
import { addSeconds } from '../../domain/messaging/tollfree-verification.ts';
import type { Locks, RegistrationRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { registryFor } from '../registrations/registry-for.ts';

export type AssignDeps = DepsWith<RegistrationRepo & Locks, 'clock' | 'carriers'>;

/** Marks the campaign for the sweeper, under its lock, if it is still the verified carrier campaign it was. */
const markPending = async (deps: AssignDeps, accountSid: string, campaignSid: string): Promise<void> => {
  await deps.store.transaction(async (tx) => {
    await tx.lock([`campaign:${campaignSid}`]);
    const current = await tx.findCampaign(accountSid, campaignSid);
    if (!current?.registry || current.status !== 'VERIFIED') return;
    await tx.updateCampaign(accountSid, campaignSid, {
      registry: { ...current.registry, assignPending: true }, decidesAt: addSeconds(deps.clock.now(), CARRIER_POLL_SECONDS), dateUpdated: current.dateUpdated,
    });
  });
};

/** Puts `number`, just added to `serviceSid`, in the service's campaign at its carrier when that campaign is verified there. */
export const assignJoinedNumber = async (deps: AssignDeps, accountSid: string, serviceSid: string, number: InventoryNumber): Promise<void> => {
  const campaign = await deps.store.campaignOfService(accountSid, serviceSid);
  if (!campaign || campaign.status !== 'VERIFIED' || campaign.isExternallyRegistered) return;
  const carrier = registryOf(campaign).carrier;
  // masq's own registry has nothing to assign; a number on another carrier cannot be registered by this one.
  if (carrier === null || number.carrier !== carrier) return;
  try {
    const port = registryFor(deps.carriers, campaign);
    if (!port) throw new Error(`carrier account ${carrier} is not configured`);
    await port.assignNumbers(campaign, [{ e164: number.phoneNumber, carrierRef: number.carrierRef ?? number.phoneNumber }]);
  } catch {
    await markPending(deps, accountSid, campaign.sid);
  }
};
