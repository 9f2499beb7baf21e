// US SMS registration gating in the allocator (enforce mode only): a session that sends SMS never gets a
// number that may not text the participant. The pure allocator drops the numbers marked smsGated (its
// 'sms-gated' reason); the least-loaded query filters them in SQL (storage/sms-gate-sql.ts); the numbers
// that come from elsewhere (the counterpart's, the identifier's history, explain's whole pool) are marked
// here from one read of their registrations.
import type { CandidateFacts } from '../domain/allocator/types.ts';
import { destinationScope, gateErrorFor, senderKind, smsGatingOf, type DestinationScope, type SenderRegistration } from '../domain/messaging/sms-gate.ts';
import type { PoolNumber } from '../domain/pool-number.ts';
import { requiredCapabilities, type SessionMode } from '../domain/session.ts';
import type { InventoryRepo, SmsGateRepo } from '../ports/store.ts';
import type { AppSettings } from './deps.ts';
import { storedPolicyFields } from './number-policy.ts';
import { gatingDefault } from './sms-gate.ts';

export type GateReads = Pick<InventoryRepo, 'getNumberPolicy'> & SmsGateRepo;

/**
 * The destination scope the allocator must honour, or null when gating does not constrain it: a voice-only
 * session, a participant outside US/CA and the territories (no read), or an account not in enforce mode.
 */
export const allocationScope = async (
  tx: GateReads, settings: Pick<AppSettings, 'smsGating'>, accountSid: string, identifier: string, mode: SessionMode,
): Promise<DestinationScope | null> => {
  if (!requiredCapabilities(mode).sms) return null;
  const scope = destinationScope(identifier);
  if (scope === null) return null;
  const gating = smsGatingOf(storedPolicyFields(await tx.getNumberPolicy(accountSid)), gatingDefault(settings));
  return gating === 'enforce' ? scope : null;
};

/** The candidates with smsGated set from their registrations (one read for all of them). */
export const markGated = async (tx: SmsGateRepo, scope: DestinationScope | null, facts: readonly CandidateFacts[]): Promise<CandidateFacts[]> => {
  if (scope === null || facts.length === 0) return [...facts];
  const registrations = await tx.senderRegistrations(facts.map((f) => f.number.sid));
  return facts.map((f) => ({ ...f, smsGated: gatedFor(f.number, scope, registrations.get(f.number.sid)) }));
};

const NONE: SenderRegistration = { campaignStatus: null, tollfreeStatus: null };

const gatedFor = (number: PoolNumber, scope: DestinationScope, registration: SenderRegistration = NONE) =>
  gateErrorFor(senderKind(number.phoneNumber), scope, registration);
