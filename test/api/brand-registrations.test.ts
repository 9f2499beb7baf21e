// A2P 10DLC brand registrations through the official twilio client (client.messaging.v1.brandRegistrations),
// decided by the sandbox registry against masq's brand profiles, with the clock moved by the test and the
// review pass (decideDueBrands) run by hand; SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decideDueBrands } from '../../src/app/brands/decide-due-brands.ts';
import { BRAND_REVIEW_DELAY_MS } from '../../src/domain/messaging/sandbox-registry.ts';
import { DIALECTS, startMessaging, twilioError, VALID_PROFILE, type MessagingHarness } from './messaging-support.ts';
import { ACCOUNT_SID, list, obj, OTHER_AUTH, str } from './support.ts';

const REVIEW_SECONDS = BRAND_REVIEW_DELAY_MS / 1000;

for (const dialect of DIALECTS) {
  describe(`brand registrations (${dialect})`, () => {
    let h: MessagingHarness;
    before(async () => { h = await startMessaging(dialect); });
    after(async () => { await h.close(); });

    const decide = () => decideDueBrands(h.api.runtime.deps, h.api.clock.now(), 100);
    const register = async (profile: string, o: { brandType?: string; mock?: boolean } = {}) =>
      h.client.messaging.v1.brandRegistrations.create({ customerProfileBundleSid: profile, a2PProfileBundleSid: profile, ...o });
    const fees = async (brandSid: string) => {
      const now = h.api.clock.now();
      const records = await h.api.runtime.deps.store.listCostRecords({ accountSids: [ACCOUNT_SID], from: new Date(0), until: new Date(now.getTime() + 1000), limit: 1000 });
      return records.filter((r) => r.resourceSid === brandSid).map((r) => r.category);
    };

    test('a valid brand is PENDING, billed, and APPROVED by the review pass once its delay has passed', async () => {
      const profile = await h.profile();
      const brand = await register(profile);
      assert.match(brand.sid, /^BN[0-9a-f]{32}$/);
      assert.deepEqual(
        [brand.status, brand.brandType, brand.tcrId, brand.failureReason, brand.errors, brand.brandScore, brand.identityStatus, brand.mock, brand.skipAutomaticSecVet],
        ['PENDING', 'STANDARD', null, null, [], null, null, false, false],
      );
      assert.deepEqual([brand.customerProfileBundleSid, brand.a2pProfileBundleSid, brand.accountSid], [profile, profile, ACCOUNT_SID]);
      assert.ok(brand.dateCreated instanceof Date);
      assert.equal(brand.url, `${h.origin}/messaging/v1/a2p/BrandRegistrations/${brand.sid}`);
      assert.equal(brand.links.brand_vettings, `${brand.url}/Vettings`);
      assert.deepEqual(await fees(brand.sid), ['a2p-10dlc-registrationfees-brandregistration']);

      h.api.clock.advance(REVIEW_SECONDS - 60);
      await decide();
      assert.equal((await h.client.messaging.v1.brandRegistrations(brand.sid).fetch()).status, 'PENDING');
      h.api.clock.advance(120);
      assert.ok(await decide() >= 1);
      const approved = await h.client.messaging.v1.brandRegistrations(brand.sid).fetch();
      assert.deepEqual(
        [approved.status, approved.tcrId, approved.brandScore, approved.identityStatus, approved.russell3000, approved.governmentEntity, approved.errors],
        ['APPROVED', `B${brand.sid.slice(2, 8).toUpperCase()}`, 60, 'VERIFIED', false, false, []],
      );
      // Decided once: another pass finds nothing of it.
      await decide();
      await assert.rejects(h.client.messaging.v1.brandRegistrations(brand.sid).update(), twilioError(21725));
    });

    test('missing or malformed profile fields fail the brand at once with errors[]; fixed and resubmitted (202) it is approved', async () => {
      const profile = await h.profile({ ...VALID_PROFILE, TaxId: undefined, Email: 'not-an-email', Region: 'California' });
      const brand = await register(profile);
      assert.equal(brand.status, 'FAILED');
      assert.deepEqual(brand.errors, [{
        error_code: 30701, description: 'Brand registration request contained one or more invalid inputs.',
        fields: ['business_registration_number', 'region', 'email'],
      }]);
      assert.match(brand.failureReason, /business_registration_number/);

      const fixed = await h.api.post(`/masq/v1/BrandProfiles/${profile}`, { TaxId: '98-7654321', Email: 'ops@acme.invalid', Region: 'CA' });
      assert.equal(fixed.status, 200, fixed.body);
      const raw = await h.api.post(`/messaging/v1/a2p/BrandRegistrations/${brand.sid}`);
      assert.equal(raw.status, 202, raw.body);
      assert.deepEqual([raw.json.status, raw.json.errors], ['PENDING', []]);
      assert.equal((await fees(brand.sid)).length, 2);
      h.api.clock.advance(REVIEW_SECONDS + 1);
      await decide();
      assert.equal((await h.client.messaging.v1.brandRegistrations(brand.sid).fetch()).status, 'APPROVED');
    });

    test('a tax id the registry cannot verify fails after review (30799, feedback TAX_ID)', async () => {
      const brand = await register(await h.profile({ ...VALID_PROFILE, TaxId: '00-1234567' }));
      assert.equal(brand.status, 'PENDING');
      h.api.clock.advance(REVIEW_SECONDS + 1);
      await decide();
      const failed = await h.client.messaging.v1.brandRegistrations(brand.sid).fetch();
      assert.deepEqual([failed.status, failed.brandFeedback, failed.identityStatus, failed.errors.map((e: { error_code: number }) => e.error_code)],
        ['FAILED', ['TAX_ID'], 'UNVERIFIED', [30799]]);
    });

    test('Mock brands are approved at once; sole proprietors, public companies and their mismatches', async () => {
      const mock = await register(await h.profile(), { mock: true });
      assert.deepEqual([mock.status, mock.mock], ['APPROVED', true]);

      const soleProfile = await h.profile({ ...VALID_PROFILE, EntityType: 'SOLE_PROPRIETOR', TaxId: undefined, Vertical: undefined, Website: undefined });
      const sole = await register(soleProfile, { brandType: 'SOLE_PROPRIETOR' });
      assert.equal(sole.status, 'PENDING');
      const wrongType = await register(soleProfile);
      assert.deepEqual([wrongType.status, wrongType.errors[0]?.fields], ['FAILED', ['business_registration_number', 'business_type', 'business_industry', 'website']]);

      const listed = await register(await h.profile({ ...VALID_PROFILE, EntityType: 'PUBLIC_PROFIT', StockSymbol: 'ACME', StockExchange: 'NASDAQ' }));
      const unlisted = await register(await h.profile({ ...VALID_PROFILE, EntityType: 'PUBLIC_PROFIT' }));
      assert.deepEqual(unlisted.errors[0]?.fields, ['stock_ticker', 'stock_exchange']);
      h.api.clock.advance(REVIEW_SECONDS + 1);
      await decide();
      const soleDone = await h.client.messaging.v1.brandRegistrations(sole.sid).fetch();
      assert.deepEqual([soleDone.status, soleDone.identityStatus, soleDone.brandType], ['APPROVED', 'SELF_DECLARED', 'SOLE_PROPRIETOR']);
      const listedDone = await h.client.messaging.v1.brandRegistrations(listed.sid).fetch();
      assert.deepEqual([listedDone.status, listedDone.russell3000, listedDone.brandScore], ['APPROVED', true, 85]);
    });

    test('bundle SIDs must be brand profiles of the account; bad input is 400, never 500', async () => {
      const mine = await h.profile();
      await assert.rejects(register(`BU${'9'.repeat(32)}`), twilioError(21649));
      await assert.rejects(register('not-a-sid'), twilioError(80701));
      await assert.rejects(register(mine, { brandType: 'STARTER' }), twilioError(80701));
      const theirs = await h.api.post('/masq/v1/BrandProfiles', VALID_PROFILE, OTHER_AUTH);
      await assert.rejects(register(str(theirs.json, 'sid')), twilioError(21649));
      const badEntity = await h.api.post('/masq/v1/BrandProfiles', { EntityType: 'PIRATE' });
      assert.equal(badEntity.status, 400);
      const missing = await h.api.post('/messaging/v1/a2p/BrandRegistrations', { CustomerProfileBundleSid: mine });
      assert.equal(missing.status, 400);
      const brand = await register(mine);
      assert.equal((await h.api.get(`/messaging/v1/a2p/BrandRegistrations/${brand.sid}`, OTHER_AUTH)).status, 404);
      assert.equal((await h.api.post(`/messaging/v1/a2p/BrandRegistrations/${brand.sid}`, {}, OTHER_AUTH)).status, 404);
      await assert.rejects(h.client.messaging.v1.brandRegistrations(`BN${'0'.repeat(32)}`).fetch(), twilioError(20404, 404));
    });

    test('list: key data, v1 meta paging; the client walks every page', async () => {
      const profile = await h.profile();
      const sids = [(await register(profile)).sid, (await register(profile)).sid];
      const page = await h.api.get('/messaging/v1/a2p/BrandRegistrations?PageSize=1');
      assert.equal(obj(page.json, 'meta').key, 'data');
      assert.equal(list(page.json, 'data').length, 1);
      assert.ok(String(obj(page.json, 'meta').next_page_url).includes('/messaging/v1/a2p/BrandRegistrations?PageSize=1&Page=1&PageToken='));
      const all = await h.client.messaging.v1.brandRegistrations.list({ pageSize: 1 });
      for (const sid of sids) assert.ok(all.some((b) => b.sid === sid));
      const profiles = await h.api.get('/masq/v1/BrandProfiles');
      assert.ok(list(profiles.json, 'brand_profiles').some((p) => p.sid === profile));
    });
  });
}
