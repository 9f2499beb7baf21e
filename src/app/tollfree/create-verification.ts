// POST /v1/Tollfree/Verifications: ask for a toll-free number of the account's inventory to be verified for
// SMS. One verification stands per number (a rejected one is edited, not duplicated). It goes to the
// registry of the number's carrier account (Twilio, Telnyx), or to masq's sandbox reviewer, which starts it
// PENDING_REVIEW and decides it by the clock (decide-due-verifications.ts).
import { AppError, invalidParameter } from '../../domain/errors.ts';
import { isOpen, type TollfreeSubmission, type TollfreeVerification } from '../../domain/messaging/tollfree-verification.ts';
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import type { InventoryRepo, JobRepo, Locks, RegistrationRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { askRegistry, linkFor, requireRegistry } from '../registrations/registry-for.ts';
import { withTollfreeAnswer } from './verification-registry.ts';

export type TollfreeDeps = DepsWith<RegistrationRepo & InventoryRepo & JobRepo & Locks, 'clock' | 'ids' | 'carriers'>;

const exists = (number: InventoryNumber, latest: TollfreeVerification) =>
  new AppError('tollfree-verification-exists', `${number.phoneNumber} already has verification ${latest.sid} (${latest.status}).`);

/** A toll-free number the account holds now (active or porting out). */
const tollfreeNumber = async (deps: TollfreeDeps, accountSid: string, sid: string): Promise<InventoryNumber> => {
  const number = await deps.store.findInventoryNumber(accountSid, sid);
  if (!number || (number.state !== 'active' && number.state !== 'porting-out')) {
    throw invalidParameter('TollfreePhoneNumberSid', `${sid} is not a phone number of this account.`);
  }
  if (number.type !== 'toll-free') throw invalidParameter('TollfreePhoneNumberSid', `${number.phoneNumber} is not a toll-free number.`);
  return number;
};

export const createVerification = async (
  deps: TollfreeDeps, accountSid: string, numberSid: string, submission: TollfreeSubmission,
): Promise<TollfreeVerification> => {
  const number = await tollfreeNumber(deps, accountSid, numberSid);
  const now = deps.clock.now();
  // Verified where the number is: its carrier's registry, or masq's sandbox reviewer.
  const registry = linkFor(deps.carriers, number.carrier);
  const draft: TollfreeVerification = {
    sid: deps.ids.sid('tollfreeVerification'), accountSid, tollfreePhoneNumberSid: number.sid, tollfreePhoneNumber: number.phoneNumber,
    status: 'PENDING_REVIEW', submission, rejectionReasons: [], errorCode: null, editReason: null, editExpiration: null,
    decidesAt: null, submittedAt: now, dateCreated: now, dateUpdated: now, registry,
  };
  const latest = await deps.store.latestTollfreeVerification(number.sid);
  if (latest && isOpen(latest.status)) throw exists(number, latest);
  const port = requireRegistry(deps.carriers, draft);
  const answer = await askRegistry(registry.carrier, () => port.submitTollfree(draft, { e164: number.phoneNumber, carrierRef: number.carrierRef ?? number.phoneNumber }, now));
  const verification = withTollfreeAnswer(draft, answer, now);
  return deps.store.transaction(async (tx) => {
    await tx.lock([`tollfree:${number.sid}`]);
    const again = await tx.latestTollfreeVerification(number.sid);
    if (again && isOpen(again.status)) throw exists(number, again);
    await tx.createTollfreeVerification(verification);
    return verification;
  });
};
