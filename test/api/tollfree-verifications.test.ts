// Toll-free verifications through the official twilio client (client.messaging.v1.tollfreeVerifications), on
// SQLite and PostgreSQL: a toll-free number bought on the sandbox, the reviewer's steps driven by a moved clock,
// rejection reasons and the edit window, the StatusCallback jobs, filters, and delete.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EDIT_WINDOW_DAYS, REVIEW_DECISION_SECONDS, REVIEW_START_SECONDS } from '../../src/domain/messaging/tollfree-verification.ts';
import { twilioError } from '../support/assertions.ts';
import { DIALECTS, startHarness, type Harness } from './registrations-support.ts';
import { ACCOUNT_SID, list, obj } from './support.ts';

const CALLBACK = 'http://127.0.0.1:9/tfv';

const submission = (tollfreePhoneNumberSid: string) => ({
  tollfreePhoneNumberSid,
  businessName: 'Rides Inc',
  businessWebsite: 'https://rides.example',
  notificationEmail: 'compliance@rides.example',
  useCaseCategories: ['ACCOUNT_NOTIFICATIONS', 'CUSTOMER_CARE'],
  useCaseSummary: 'Trip updates for riders who booked in the Rides app.',
  productionMessageSample: 'Your Rides driver is arriving. Reply STOP to opt out.',
  optInImageUrls: ['https://rides.example/optin.png'],
  optInType: 'WEB_FORM' as const,
  messageVolume: '10,000',
  externalReferenceId: 'ext-42',
});

for (const dialect of DIALECTS) {
  describe(`toll-free verifications with the twilio client (${dialect})`, () => {
    let h: Harness;
    before(async () => { h = await startHarness(dialect); });
    after(async () => { await h.close(); });

    const buyTollFree = async (): Promise<string> => {
      const [offer] = await h.client.availablePhoneNumbers('US').tollFree.list({ limit: 1 });
      assert.ok(offer);
      return (await h.client.incomingPhoneNumbers.tollFree.create({ phoneNumber: offer.phoneNumber })).sid;
    };
    /** The StatusCallback jobs owed, oldest first (listJobs is newest first). */
    const callbacks = async () => (await h.api.runtime.deps.store.listJobs(ACCOUNT_SID, { kind: 'callback', limit: 100 }))
      .filter((j) => j.payload.url === CALLBACK).map((j) => obj(j.payload, 'params')).reverse();

    test('PENDING_REVIEW -> IN_REVIEW -> TWILIO_APPROVED by the clock, each change told to the StatusCallback', async () => {
      const pn = await buyTollFree();
      const created = await h.client.messaging.v1.tollfreeVerifications.create({ ...submission(pn), businessContactEmail: 'ceo@rides.example' });
      assert.match(created.sid, /^HH[0-9a-f]{32}$/);
      assert.deepEqual([created.status, created.tollfreePhoneNumberSid, created.externalReferenceId, created.editAllowed], ['PENDING_REVIEW', pn, 'ext-42', false]);
      assert.match(created.tollfreePhoneNumber, /^\+18\d{9}$/);
      assert.deepEqual(created.useCaseCategories, ['ACCOUNT_NOTIFICATIONS', 'CUSTOMER_CARE']);
      assert.ok(created.url.endsWith(`/messaging/v1/Tollfree/Verifications/${created.sid}`));
      await h.sweepAfter(REVIEW_START_SECONDS);
      assert.equal((await h.client.messaging.v1.tollfreeVerifications(created.sid).fetch()).status, 'IN_REVIEW');
      await h.sweepAfter(REVIEW_DECISION_SECONDS - REVIEW_START_SECONDS);
      const approved = await h.client.messaging.v1.tollfreeVerifications(created.sid).fetch();
      assert.deepEqual([approved.status, approved.errorCode, approved.rejectionReasons], ['TWILIO_APPROVED', null, []]);
      // One verification stands per number.
      await assert.rejects(h.client.messaging.v1.tollfreeVerifications.create(submission(pn)), twilioError(21710));
    });

    test('rejected with reasons and an edit window; an edit (202) sends it back to review; StatusCallback jobs', async () => {
      const pn = await buyTollFree();
      const form = {
        TollfreePhoneNumberSid: pn, BusinessName: 'Rides Inc', BusinessWebsite: 'https://rides.example', NotificationEmail: 'c@rides.example',
        UseCaseCategories: 'MARKETING', UseCaseSummary: 'Weekly offers', ProductionMessageSample: 'Big sale this week!', OptInType: 'WEB_FORM',
        MessageVolume: '1,000', StatusCallback: CALLBACK,
      };
      const raw = await h.api.post('/messaging/v1/Tollfree/Verifications', form);
      assert.equal(raw.status, 201, raw.body);
      const sid = String(raw.json.sid);
      await h.sweepAfter(REVIEW_START_SECONDS);
      await h.sweepAfter(REVIEW_DECISION_SECONDS);
      const rejected = await h.client.messaging.v1.tollfreeVerifications(sid).fetch();
      assert.equal(rejected.status, 'TWILIO_REJECTED');
      assert.equal(rejected.errorCode, 30509);
      assert.deepEqual(rejected.rejectionReasons.map((r: unknown) => obj({ r }, 'r').code), [30509, 30513]);
      assert.equal(rejected.editAllowed, true);
      assert.ok(rejected.editExpiration instanceof Date);
      assert.deepEqual((await callbacks()).map((p) => [p.VerificationSid, p.Status, p.ErrorCode]), [[sid, 'IN_REVIEW', ''], [sid, 'TWILIO_REJECTED', '30509']]);

      const edited = await h.client.messaging.v1.tollfreeVerifications(sid).update({
        editReason: 'Added the opt-in screenshot and opt-out language', optInImageUrls: ['https://rides.example/optin.png'],
        productionMessageSample: 'Big sale this week! Reply STOP to opt out.',
      });
      assert.deepEqual([edited.status, edited.editAllowed, edited.rejectionReasons, edited.businessName], ['PENDING_REVIEW', false, [], 'Rides Inc']);
      await assert.rejects(h.client.messaging.v1.tollfreeVerifications(sid).update({ editReason: 'again' }), twilioError(21725));
      await h.sweepAfter(REVIEW_START_SECONDS);
      await h.sweepAfter(REVIEW_DECISION_SECONDS);
      assert.equal((await h.client.messaging.v1.tollfreeVerifications(sid).fetch()).status, 'TWILIO_APPROVED');
      assert.deepEqual((await callbacks()).map((p) => p.Status), ['IN_REVIEW', 'TWILIO_REJECTED', 'PENDING_REVIEW', 'IN_REVIEW', 'TWILIO_APPROVED']);
    });

    test('the edit window closes after 7 days', async () => {
      const pn = await buyTollFree();
      const created = await h.client.messaging.v1.tollfreeVerifications.create({ ...submission(pn), optInImageUrls: [], optInType: 'PAPER_FORM' });
      await h.sweepAfter(REVIEW_START_SECONDS);
      await h.sweepAfter(REVIEW_DECISION_SECONDS);
      assert.equal((await h.client.messaging.v1.tollfreeVerifications(created.sid).fetch()).status, 'TWILIO_REJECTED');
      h.api.clock.advance(EDIT_WINDOW_DAYS * 86_400 + 60);
      assert.equal((await h.client.messaging.v1.tollfreeVerifications(created.sid).fetch()).editAllowed, false);
      await assert.rejects(h.client.messaging.v1.tollfreeVerifications(created.sid).update({ editReason: 'late' }), twilioError(21725));
      // A rejected verification no longer stands: a new one may be submitted.
      const again = await h.client.messaging.v1.tollfreeVerifications.create(submission(pn));
      assert.equal(again.status, 'PENDING_REVIEW');
    });

    test('the number must be a toll-free number of the account; filters; delete', async () => {
      const [local] = await h.client.availablePhoneNumbers('US').local.list({ limit: 1 });
      assert.ok(local);
      const localSid = (await h.client.incomingPhoneNumbers.create({ phoneNumber: local.phoneNumber })).sid;
      await assert.rejects(h.client.messaging.v1.tollfreeVerifications.create(submission(localSid)), twilioError(80701));
      await assert.rejects(h.client.messaging.v1.tollfreeVerifications.create(submission(`PN${'0'.repeat(32)}`)), twilioError(80701));
      const missing = await h.api.post('/messaging/v1/Tollfree/Verifications', { TollfreePhoneNumberSid: localSid, BusinessName: 'x' });
      assert.equal(missing.status, 400);

      const pn = await buyTollFree();
      const created = await h.client.messaging.v1.tollfreeVerifications.create(submission(pn));
      const byNumber = await h.client.messaging.v1.tollfreeVerifications.list({ tollfreePhoneNumberSid: pn });
      assert.deepEqual(byNumber.map((v) => v.sid), [created.sid]);
      const pending = await h.client.messaging.v1.tollfreeVerifications.list({ status: 'PENDING_REVIEW' });
      assert.ok(pending.some((v) => v.sid === created.sid));
      assert.ok(pending.every((v) => v.status === 'PENDING_REVIEW'));
      const page = await h.api.get('/messaging/v1/Tollfree/Verifications?PageSize=1');
      assert.equal(obj(page.json, 'meta').key, 'verifications');
      assert.equal(list(page.json, 'verifications').length, 1);
      assert.match(String(obj(page.json, 'meta').next_page_url), /^http:\/\/masq\.test\/messaging\/v1\/Tollfree\/Verifications\?PageSize=1&Page=1&PageToken=/);

      assert.equal(await h.client.messaging.v1.tollfreeVerifications(created.sid).remove(), true);
      await assert.rejects(h.client.messaging.v1.tollfreeVerifications(created.sid).fetch(), twilioError(20404, 404));
    });
  });
}
