// Cost records from priced events (domain/usage/rating.ts): who, what and when around the price. Every
// caller writes them with tx.recordCosts in the SAME transaction as the event itself (the outbox rule), so
// traffic and cost never drift; the event key makes a replayed event a no-op.
import type { CostRecord } from '../domain/usage/cost-record.ts';
import { rateCardsOf, type RateCard } from '../domain/usage/rate-card.ts';
import type { Priced } from '../domain/usage/rating.ts';
import type { AppDeps } from './deps.ts';

const KIND_DEFAULTS = rateCardsOf(new Map());

/** The card that prices `carrier`'s events. */
export const rateCardFor = (deps: Pick<AppDeps, 'settings'>, carrier: string): RateCard => (deps.settings.rateCards ?? KIND_DEFAULTS).cardFor(carrier);

export interface CostSubject {
  readonly accountSid: string;
  /** The resource billed: KI, PN, KW, BN... */
  readonly resourceSid: string;
  readonly eventKey: string;
  /** The carrier account whose card priced it. */
  readonly carrier: string;
  readonly numberSid?: string | null;
  readonly phoneNumber?: string | null;
  readonly serviceSid?: string | null;
  readonly occurredAt: Date;
}

export const costRecord = (deps: Pick<AppDeps, 'ids'>, card: RateCard, subject: CostSubject, priced: Priced): CostRecord => ({
  sid: deps.ids.sid('costRecord'),
  accountSid: subject.accountSid,
  eventKey: subject.eventKey,
  resourceSid: subject.resourceSid,
  numberSid: subject.numberSid ?? null,
  phoneNumber: subject.phoneNumber ?? null,
  serviceSid: subject.serviceSid ?? null,
  carrier: subject.carrier,
  currency: card.currency,
  rateCardVersion: card.version,
  occurredAt: subject.occurredAt,
  ...priced,
});

/**
 * Several records of one event: the first keeps the event key, the others add their category to it
 * (`KI…:out` and `KI…:out:sms-messages-carrierfees`), so each stays unique and idempotent.
 */
export const costRecords = (deps: Pick<AppDeps, 'ids'>, card: RateCard, subject: CostSubject, priced: readonly Priced[]): CostRecord[] =>
  priced.map((p, i) => costRecord(deps, card, i === 0 ? subject : { ...subject, eventKey: `${subject.eventKey}:${p.category}` }, p));
