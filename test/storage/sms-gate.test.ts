// The reads of SMS registration gating, on SQLite and PostgreSQL: the send-time facts (the account's mode
// and the sender's registrations in one statement, index-backed), the registrations of a candidate set,
// and the allocator's gated least-loaded query and funnel (only numbers allowed to text the scope).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Service } from '../../src/domain/service.ts';
import type { BenchHandle } from '../../src/storage/bench-handle.ts';
import type { PoolNumber } from '../../src/domain/pool-number.ts';
import { aParticipant, aSession, at } from '../support/fixtures.ts';
import { registerCampaign, verifyTollfree } from '../support/registrations.ts';
import { givenPool, givenService } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

const US_SCOPE = { tenDlc: true, tollFree: true };
const CA_SCOPE = { tenDlc: false, tollFree: true };
const WHO = '+14155550999';

for (const s of STORES) {
  describe(`${s.name}: SMS gating reads`, () => {
    let h: BenchHandle;
    let service: Service;
    let verified: PoolNumber, pending: PoolNumber, unregistered: PoolNumber, tollFree: PoolNumber, british: PoolNumber;
    const one = (numbers: readonly PoolNumber[], i = 0): PoolNumber => numbers[i] ?? assert.fail('seeded number missing');
    before(async () => {
      h = await s.openBench();
      ({ service } = await givenService(h.store));
      const longCodes = await givenPool(h.store, service, 3, (i) => ({ phoneNumber: `+1415555200${i}`, load: i }));
      [unregistered, verified, pending] = [one(longCodes, 0), one(longCodes, 1), one(longCodes, 2)];
      tollFree = one(await givenPool(h.store, service, 1, () => ({ phoneNumber: '+18005550100', areaCode: '800', load: 0 })));
      british = one(await givenPool(h.store, service, 1, () => ({ phoneNumber: '+447700900123', isoCountry: 'GB', areaCode: null, load: 0 })));
      await registerCampaign(h.kysely, service.accountSid, [verified.sid], 'VERIFIED');
      await registerCampaign(h.kysely, service.accountSid, [pending.sid], 'PENDING');
      await verifyTollfree(h.kysely, service.accountSid, tollFree.sid, 'TWILIO_APPROVED', new Date('2024-01-01T00:00:00Z'));
      await h.store.setNumberPolicy(service.accountSid, JSON.stringify({ smsGating: 'enforce' }), new Date());
    });
    after(async () => { await h.close(); });

    it('reads the account policy and the sender registrations in one statement', async () => {
      assert.deepEqual(await h.store.senderGateFacts(service.accountSid, verified.phoneNumber), {
        policy: JSON.stringify({ smsGating: 'enforce' }), numberType: null, registration: { campaignStatus: 'VERIFIED', tollfreeStatus: null },
      });
      assert.deepEqual((await h.store.senderGateFacts(service.accountSid, tollFree.phoneNumber)).registration, { campaignStatus: null, tollfreeStatus: 'TWILIO_APPROVED' });
      assert.deepEqual(await h.store.senderGateFacts('AC' + '0'.repeat(32), '+19995550000'), { policy: null, numberType: null, registration: { campaignStatus: null, tollfreeStatus: null } });
    });

    // The routing path reads the same facts with its route (findInboundRoute), for the partner's number.
    it('the inbound route brings the partner number\'s facts, equal to senderGateFacts', async () => {
      for (const partnerNumber of [verified, pending, unregistered, tollFree, british]) {
        const session = aSession(service);
        await h.store.createSession(session);
        const sender = aParticipant(session, unregistered, { identifier: '+14155550111', dateCreated: at(1) });
        const partner = aParticipant(session, partnerNumber, { identifier: '+14155550112', dateCreated: at(2) });
        await h.store.createParticipant(sender);
        await h.store.createParticipant(partner);
        const route = await h.store.findInboundRoute(sender.proxyIdentifier, sender.identifier);
        assert.deepEqual(route?.partnerGateFacts, await h.store.senderGateFacts(service.accountSid, partnerNumber.phoneNumber), partnerNumber.phoneNumber);
        await h.store.transaction((tx) => tx.closeSession(session.sid, 'closed', at(3)));
      }
    });

    it('the latest toll-free verification wins', async () => {
      await verifyTollfree(h.kysely, service.accountSid, tollFree.sid, 'IN_REVIEW', new Date('2023-01-01T00:00:00Z'));
      assert.equal((await h.store.senderGateFacts(service.accountSid, tollFree.phoneNumber)).registration.tollfreeStatus, 'TWILIO_APPROVED');
    });

    it('reads the registrations of a candidate set, leaving out numbers that have none', async () => {
      const found = await h.store.senderRegistrations([verified.sid, pending.sid, unregistered.sid, tollFree.sid]);
      assert.deepEqual([...found.keys()].sort(), [verified.sid, pending.sid, tollFree.sid].sort());
      assert.equal(found.get(pending.sid)?.campaignStatus, 'PENDING');
    });

    it('the gated least-loaded query and funnel keep only numbers allowed to text the scope', async () => {
      const base = { serviceSid: service.sid, needs: { voice: false, sms: true }, identifier: WHO, neverUsedOnly: false, limit: 10 };
      const anywhere = { countries: null, areaCodes: null, label: '' };
      const phones = async (smsScope: typeof US_SCOPE | null) =>
        (await h.store.leastLoadedNumbers({ ...base, tier: anywhere, smsScope })).map((n) => n.phoneNumber).sort();
      assert.equal((await phones(null)).length, 5);
      assert.deepEqual(await phones(US_SCOPE), [tollFree.phoneNumber, verified.phoneNumber, british.phoneNumber].sort());
      assert.deepEqual(await phones(CA_SCOPE), [tollFree.phoneNumber, unregistered.phoneNumber, verified.phoneNumber, pending.phoneNumber, british.phoneNumber].sort(),
        'toward Canada only toll-free numbers are gated');
      const funnel = await h.store.poolFunnel({ serviceSid: service.sid, tiers: [anywhere], needs: base.needs, identifier: WHO, smsScope: US_SCOPE });
      assert.deepEqual([funnel.geoMatching, funnel.smsSendable, funnel.notBound], [5, 3, 3]);
    });

    it('the send-time read is index-backed', async () => {
      if (h.dialect !== 'sqlite') {
        const plan = await sql<{ 'QUERY PLAN': string }>`explain select
          (select policy from number_policies where account_sid = ${service.accountSid}) as policy,
          (select c.campaign_status from numbers i join messaging_service_numbers m on m.number_sid = i.sid join us_app_to_person c on c.messaging_service_sid = m.service_sid
            where i.phone_number = ${verified.phoneNumber} and state in ('provisioning', 'active', 'porting-out', 'quarantined') limit 1) as campaign`.execute(h.kysely);
        const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
        assert.doesNotMatch(text, /Seq Scan on (numbers|number_policies|messaging_service_numbers|us_app_to_person)/, text);
        return;
      }
      const plan = await sql<{ detail: string }>`explain query plan select
        (select policy from number_policies where account_sid = ${service.accountSid}) as policy,
        (select c.campaign_status from numbers i join messaging_service_numbers m on m.number_sid = i.sid join us_app_to_person c on c.messaging_service_sid = m.service_sid
          where i.phone_number = ${verified.phoneNumber} and state in ('provisioning', 'active', 'porting-out', 'quarantined') limit 1) as campaign,
        (select t.status from numbers i join tollfree_verifications t on t.tollfree_phone_number_sid = i.sid
          where i.phone_number = ${verified.phoneNumber} and state in ('provisioning', 'active', 'porting-out', 'quarantined') order by t.date_created desc limit 1) as tf`.execute(h.kysely);
      const text = plan.rows.map((r) => r.detail).join('\n');
      assert.doesNotMatch(text, /SCAN (number_policies|numbers|i|m|c|t)\b/, text);
      assert.match(text, /numbers_live_phone_number_uq/, text);
    });
  });
}
