// The sentences behind "why this number": one per candidate, one for the decision. Kept apart from the
// filtering and ranking so the rules read without the prose.
import { errorSpec, twilioCodeOf } from '../errors.ts';
import type { PoolNumber } from '../pool-number.ts';
import type { SessionMode } from '../session.ts';
import type { RankedCandidate } from './rank.ts';
import type { CandidateFacts, DropReason, GeoTier } from './types.ts';

const loadText = (load: number): string => `load ${load} (active binding${load === 1 ? '' : 's'})`;

const lastUsedText = (facts: CandidateFacts): string =>
  facts.lastUsedByIdentifier ? `last used by this participant ${facts.lastUsedByIdentifier.toISOString()}` : 'never used by this participant';

const locationText = (number: PoolNumber): string =>
  `${number.isoCountry ?? 'unknown country'}${number.areaCode ? `, area code ${number.areaCode}` : ''}`;

const gateSentence = (facts: CandidateFacts): string => {
  const error = facts.smsGated;
  return error ? `${twilioCodeOf(error)} ${errorSpec(error).title}` : 'not registered';
};

export interface DropContext {
  readonly mode: SessionMode;
  readonly tiers: readonly GeoTier[];
  readonly winningTier: GeoTier | null;
}

/** Why a number did not make the cut, as a sentence. */
export const dropSentence = (facts: CandidateFacts, reason: DropReason, ctx: DropContext): string => {
  switch (reason) {
    case 'not-in-pool':
      return "Dropped: not in this service's pool.";
    case 'reserved':
      return 'Dropped: reserved; reserved numbers are used only when named as ProxyIdentifier.';
    case 'no-voice':
      return `Dropped: cannot carry voice, which a ${ctx.mode} session needs.`;
    case 'no-sms':
      return `Dropped: cannot carry SMS, which a ${ctx.mode} session needs.`;
    case 'geo-mismatch':
      return `Dropped: its location (${locationText(facts.number)}) matches no geo tier (${ctx.tiers.map((t) => t.label).join('; ') || 'none'}).`;
    case 'sms-gated':
      return `Dropped: US SMS registration gating (enforce) blocks it from texting this participant: ${gateSentence(facts)}.`;
    case 'outside-first-matching-tier':
      return `Dropped: it is only in a later geo tier, and "${ctx.winningTier?.label ?? ''}" has an eligible number.`;
    case 'bound-to-identifier':
      return 'Dropped: the participant already uses it in another active session.';
  }
};

/** The short reason an eligible number sits where it does in the preference order. */
export const rankSentence = (ranked: RankedCandidate, tier: GeoTier): string => {
  const { facts, reason, rank } = ranked;
  const why = {
    'counterpart-number': 'the other participant of this session already uses it',
    sticky: `the participant had it most recently (${lastUsedText(facts)})`,
    'never-used-least-loaded': `never used by this participant; ${loadText(facts.number.load)}`,
    'least-recently-used': `${lastUsedText(facts)}; ${loadText(facts.number.load)}`,
    'least-loaded': loadText(facts.number.load),
  }[reason];
  return `Eligible in "${tier.label}", ranked #${rank}: ${why}.`;
};

/** The decision, in one sentence a support engineer can paste into a ticket. */
export const choiceSentence = (winner: RankedCandidate, tier: GeoTier, eligibleCount: number): string => {
  const { facts, reason } = winner;
  const phone = facts.number.phoneNumber;
  const among = `${eligibleCount} eligible number${eligibleCount === 1 ? '' : 's'} in "${tier.label}"`;
  switch (reason) {
    case 'counterpart-number':
      return `Chose ${phone}: the other participant of this session already uses it, so both sides share one number.`;
    case 'sticky':
      return `Chose ${phone}: the participant had it most recently, and the service prefers sticky numbers.`;
    case 'never-used-least-loaded':
      return `Chose ${phone}: never used by this participant, and the least loaded such number (${loadText(facts.number.load)}) among ${among}.`;
    case 'least-recently-used':
      return `Chose ${phone}: the participant has used every eligible number; this one least recently (${lastUsedText(facts)}), among ${among}.`;
    case 'least-loaded':
      return `Chose ${phone}: the lowest ${loadText(facts.number.load)} among ${among}, ties broken by phone number.`;
  }
};
