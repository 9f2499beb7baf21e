// SMS registration gating as SQL over a pool number `n` (phone_numbers): the allocator's hard filter and
// its funnel count (allocation-queries.ts). It classifies a number as domain/messaging/sms-gate.ts
// senderKind does, from what the pool row stores: a US number is toll-free when its area code is a
// toll-free one (TOLL_FREE_AREA_CODES, which a test keeps in step with libphonenumber), a 10DLC long code
// otherwise; numbers of other countries are never gated.
//
// Each registration test is a correlated probe by key: messaging_service_numbers' primary key (number_sid)
// then us_app_to_person's unique messaging_service_sid; tollfree_verifications_number_idx for the latest
// verification. The pool index still supplies the (load, phone_number) order: gated numbers are skipped
// row by row, so a pool whose cheapest numbers are all unregistered costs a walk past them.
import { sql, type ExpressionBuilder, type SqlBool, type Expression } from 'kysely';
import type { DestinationScope } from '../domain/messaging/sms-gate.ts';
import { TOLL_FREE_AREA_CODES } from '../domain/numbering-plan/nanp.ts';
import type { Database } from './schema.ts';

type NumbersEb = ExpressionBuilder<Database & { n: Database['phone_numbers'] }, 'n'>;

const ALWAYS = sql<SqlBool>`1 = 1`;

/**
 * The number is in a messaging service whose campaign is VERIFIED. A scalar subquery, not EXISTS: keyed on
 * n.sid it finds at most one row (messaging_service_numbers' key, then us_app_to_person's unique
 * messaging_service_sid), so the two are equivalent, but PostgreSQL turns an EXISTS under OR into a hashed
 * SubPlan that reads every VERIFIED number of the installation once per allocation, while a scalar
 * subquery is always run per candidate: two index probes for each of the few rows the pool walk visits.
 */
const campaignVerified = (eb: NumbersEb) =>
  eb(eb.selectFrom('messaging_service_numbers as gm')
    .innerJoin('us_app_to_person as gc', 'gc.messaging_service_sid', 'gm.service_sid')
    .select('gc.campaign_status')
    .whereRef('gm.number_sid', '=', 'n.sid').limit(1), '=', 'VERIFIED');

/** The number's latest toll-free verification is TWILIO_APPROVED. */
const tollfreeApproved = (eb: NumbersEb) =>
  eb(eb.selectFrom('tollfree_verifications as gt').select('gt.status')
    .whereRef('gt.tollfree_phone_number_sid', '=', 'n.sid').orderBy('gt.date_created', 'desc').limit(1), '=', 'TWILIO_APPROVED');

/** True when `n` may send SMS to a destination of this scope (rules 1-3 of the gate). */
export const sendableTo = (eb: NumbersEb, scope: DestinationScope): Expression<SqlBool> => {
  const tollFree = eb('n.area_code', 'in', [...TOLL_FREE_AREA_CODES]);
  const longCode = eb.or([eb('n.area_code', 'is', null), eb('n.area_code', 'not in', [...TOLL_FREE_AREA_CODES])]);
  return eb.or([
    eb('n.iso_country', 'is', null),
    eb('n.iso_country', '<>', 'US'),
    eb.and([tollFree, scope.tollFree ? tollfreeApproved(eb) : ALWAYS]),
    eb.and([longCode, scope.tenDlc ? campaignVerified(eb) : ALWAYS]),
  ]);
};
