// The allocator's reasoning for a would-be participant: every number in the pool with why it would be
// taken or dropped. An operator tool (masq extension API, `masq demo`); it reads the whole pool, so it
// is never on the allocation path.
import { allocate } from '../domain/allocator/allocate.ts';
import type { AllocationExplanation } from '../domain/allocator/types.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { geoTiers } from '../domain/geo-match.ts';
import { parseIdentifier } from '../domain/phone-number.ts';
import type { Service } from '../domain/service.ts';
import type { SessionMode } from '../domain/session.ts';
import type { AllocationQueries, ParticipantRepo, SessionRepo } from '../ports/store.ts';
import { buildAllocationRequest } from './allocate-proxy-number.ts';
import type { DepsWith } from './deps.ts';
import { allocationScope, markGated, type GateReads } from './sms-gate-allocation.ts';

/** Explanations list at most this many numbers; larger pools are summarised by the first ones. */
export const EXPLAIN_POOL_LIMIT = 5_000;

export interface ExplainInput {
  readonly identifier: string;
  readonly sessionSid?: string | null;
  readonly mode?: SessionMode;
}

const counterpartOf = async (deps: DepsWith<SessionRepo & ParticipantRepo>, service: Service, sessionSid: string, identifier: string) => {
  const session = await deps.store.findSession(service.sid, sessionSid);
  if (!session) throw notFound(`/Services/${service.sid}/Sessions/${sessionSid}`);
  const others = (await deps.store.listParticipants(session.sid)).filter((p) => p.dateDeleted === null && p.identifier !== identifier);
  return { session, counterpartNumberSid: others[0]?.proxyIdentifierSid ?? null };
};

export const explainAllocation = async (
  deps: DepsWith<SessionRepo & ParticipantRepo & AllocationQueries & GateReads, 'settings'>, service: Service, input: ExplainInput,
): Promise<AllocationExplanation> => {
  const parsed = parseIdentifier(input.identifier);
  if (parsed.kind === 'channel') throw new AppError('identifier-type-unsupported', `Identifier ${parsed.raw} is a channel address: proxy numbers are not allocated for it`);
  const context = input.sessionSid ? await counterpartOf(deps, service, input.sessionSid, parsed.e164) : null;
  const mode = input.mode ?? context?.session.mode ?? 'voice-and-message';
  const [pool, bindings, history] = await Promise.all([
    deps.store.listWholePool(service.sid, EXPLAIN_POOL_LIMIT),
    deps.store.activeBindings(service.sid, parsed.e164),
    deps.store.identifierHistory(service.sid, parsed.e164, EXPLAIN_POOL_LIMIT),
  ]);
  const lastUsed = new Map(history.map((h) => [h.numberSid, h.lastUsedAt]));
  const request = buildAllocationRequest({
    service,
    identifier: parsed.e164,
    tiers: geoTiers(parsed, service.geoMatchLevel),
    mode,
    counterpartNumberSid: context?.counterpartNumberSid ?? null,
  });
  // In enforce mode, numbers US registration gating keeps from texting the participant are dropped ('sms-gated').
  const scope = await allocationScope(deps.store, deps.settings, service.accountSid, parsed.e164, mode);
  return allocate(request, await markGated(deps.store, scope, pool.map((number) => ({
    number,
    boundToIdentifier: bindings.has(number.sid),
    lastUsedByIdentifier: lastUsed.get(number.sid) ?? null,
  }))));
};
