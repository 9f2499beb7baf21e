// Naming a refusal: the first hard filter that empties the candidate set decides the error (and so its Twilio code). The
// pure allocator and the store-backed fast path (which only has counts, see AllocationQueries.poolFunnel)
// both go through refusalFromFunnel, so they cannot disagree.
import { requiredCapabilities, type SessionMode } from '../session.ts';
import type { AllocationDecision, GeoTier, PoolFunnel } from './types.ts';

export type Refusal = AllocationDecision & { readonly kind: 'refused' };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const tierText = (tiers: readonly GeoTier[] | undefined): string =>
  tiers && tiers.length > 0 ? ` (${tiers.map((t) => t.label).join('; then ')})` : '';

/**
 * The refusal for a funnel of counts, checked in filter order: in the pool (pool-empty, 80205),
 * unreserved (only-reserved-numbers, 80207), capable (no-voice-proxy 80201 before no-message-proxy 80202),
 * geo match (no-proxy-for-country, 80203), allowed to text the participant under US registration gating
 * (no-message-proxy, 80202), not already bound to the identifier (no-unused-proxy, 80208).
 * A funnel where every stage is non-empty means the candidates vanished between queries (a concurrent
 * writer took them): no-available-proxy, 80206, Twilio's generic "No available proxy". `tiers` only enriches the sentence.
 */
export const refusalFromFunnel = (funnel: PoolFunnel, mode: SessionMode, tiers?: readonly GeoTier[]): Refusal => {
  const needs = requiredCapabilities(mode);
  if (funnel.inPool === 0) {
    return { kind: 'refused', code: 'pool-empty', explanation: 'The service has no proxy numbers in its pool.' };
  }
  if (funnel.unreserved === 0) {
    return {
      kind: 'refused',
      code: 'only-reserved-numbers',
      explanation: `All ${plural(funnel.inPool, 'number')} in the pool are reserved; reserved numbers are used only when named as ProxyIdentifier.`,
    };
  }
  if (funnel.capable === 0) {
    const missingVoice = needs.voice && funnel.voiceCapable === 0;
    return {
      kind: 'refused',
      code: missingVoice ? 'no-voice-proxy' : 'no-message-proxy',
      explanation: `None of the ${plural(funnel.unreserved, 'unreserved number')} can carry ${missingVoice ? 'voice' : 'SMS'}, which a ${mode} session needs.`,
    };
  }
  if (funnel.geoMatching === 0) {
    return {
      kind: 'refused',
      code: 'no-proxy-for-country',
      explanation: `None of the ${plural(funnel.capable, 'capable number')} matches the participant's location${tierText(tiers)}.`,
    };
  }
  if (funnel.smsSendable === 0) {
    return {
      kind: 'refused',
      code: 'no-message-proxy',
      explanation: `None of the ${plural(funnel.geoMatching, 'matching number')} may text the participant: US SMS registration gating (enforce) `
        + 'takes only numbers in a messaging service whose 10DLC campaign is VERIFIED, or toll-free numbers whose verification is TWILIO_APPROVED.',
    };
  }
  if (funnel.notBound === 0) {
    return {
      kind: 'refused',
      code: 'no-unused-proxy',
      explanation: `The participant already uses every one of the ${plural(funnel.geoMatching, 'matching number')} in another active session.`,
    };
  }
  return { kind: 'refused', code: 'no-available-proxy', explanation: 'No proxy number is available: the eligible numbers were taken concurrently; retry.' };
};
