// The reads of SMS registration gating (ports/store/sms-gate.ts). senderGateFacts runs at send time for
// traffic that can be gated (a US-bound message from a US long code or toll-free number): one statement of
// scalar subqueries, each an index probe, so a forward that may be gated costs one read more and one
// that cannot be gated none (app/sms-gate.ts asks the pure pre-check first).
import type { SenderRegistration } from '../domain/messaging/sms-gate.ts';
import type { SenderGateFacts, SmsGateRepo } from '../ports/store.ts';
import type { Ctx } from './context.ts';
import { LIVE_NUMBER_PREDICATE } from './migrations/009-inventory.ts';
import { prepared } from './prepared.ts';

// The live number's predicate word for word, so SQLite uses numbers_live_phone_number_uq (partial).
const LIVE = LIVE_NUMBER_PREDICATE;

const factsQuery = prepared(['account', 'sender'], (db, slot) => db.selectNoFrom((eb) => [
  eb.selectFrom('number_policies').select('policy').where('account_sid', '=', slot('account')).as('policy'),
  eb.selectFrom('numbers').select('type').where('phone_number', '=', slot('sender')).where(LIVE).limit(1).as('number_type'),
  eb.selectFrom('numbers as i')
    .innerJoin('messaging_service_numbers as m', 'm.number_sid', 'i.sid')
    .innerJoin('us_app_to_person as c', 'c.messaging_service_sid', 'm.service_sid')
    .select('c.campaign_status').where('i.phone_number', '=', slot('sender')).where(LIVE).limit(1).as('campaign_status'),
  eb.selectFrom('numbers as i')
    .innerJoin('tollfree_verifications as t', 't.tollfree_phone_number_sid', 'i.sid')
    .select('t.status').where('i.phone_number', '=', slot('sender')).where(LIVE)
    .orderBy('t.date_created', 'desc').limit(1).as('tollfree_status'),
]));

export const smsGateRepo = (ctx: Ctx): SmsGateRepo => ({
  async senderGateFacts(accountSid, sender): Promise<SenderGateFacts> {
    const { rows } = await factsQuery.execute(ctx.db(), { account: accountSid, sender });
    const row = rows[0];
    return {
      policy: row?.policy ?? null,
      numberType: row?.number_type ?? null,
      registration: { campaignStatus: row?.campaign_status ?? null, tollfreeStatus: row?.tollfree_status ?? null },
    };
  },

  async senderRegistrations(numberSids) {
    const found = new Map<string, SenderRegistration>();
    if (numberSids.length === 0) return found;
    const rows = await ctx.db().selectFrom('numbers as n')
      .leftJoin('messaging_service_numbers as m', 'm.number_sid', 'n.sid')
      .leftJoin('us_app_to_person as c', 'c.messaging_service_sid', 'm.service_sid')
      .select((eb) => [
        'n.sid', 'c.campaign_status',
        eb.selectFrom('tollfree_verifications as t').select('t.status').whereRef('t.tollfree_phone_number_sid', '=', 'n.sid')
          .orderBy('t.date_created', 'desc').limit(1).as('tollfree_status'),
      ])
      .where('n.sid', 'in', [...numberSids]).execute();
    for (const row of rows) {
      if (row.campaign_status === null && row.tollfree_status === null) continue;
      found.set(row.sid, { campaignStatus: row.campaign_status, tollfreeStatus: row.tollfree_status });
    }
    return found;
  },
});
