import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reviewCampaign } from './campaign-review.ts';
import { campaignIdFrom, isCampaignId, rateLimitsFor, useCasesFor } from './campaign.ts';
import { editAllowed, EMPTY_SUBMISSION, reviewTollfree, type TollfreeSubmission } from './tollfree-verification.ts';

const content = {
  description: 'Rides sends trip updates between riders and drivers through masked numbers.',
  messageFlow: 'Riders opt in in the app when booking a trip, with an explicit SMS consent checkbox.',
  messageSamples: ['Your driver is 3 minutes away. Reply STOP to opt out.', 'Rider: I am at the north entrance.'],
  hasEmbeddedLinks: false, hasEmbeddedPhone: false, ageGated: false, directLending: false, privacyPolicyUrl: null, termsAndConditionsUrl: null,
};
const keywords = {
  optInMessage: null, optOutMessage: 'Unsubscribed.', helpMessage: 'Rides: help@rides.example', optInKeywords: [], optOutKeywords: ['STOP'],
  helpKeywords: [], subscriberOptIn: null,
};

test('a complete campaign passes the sandbox registry; each broken rule names its field and code', () => {
  assert.deepEqual(reviewCampaign(content, keywords, 'PROXY'), []);
  const fields = (errors: ReturnType<typeof reviewCampaign>) => errors.flatMap((e) => e.fields);
  assert.deepEqual(fields(reviewCampaign({ ...content, description: 'short' }, keywords, 'PROXY')), ['DESCRIPTION']);
  assert.deepEqual(fields(reviewCampaign({ ...content, messageSamples: [content.messageSamples[0] ?? ''] }, keywords, 'PROXY')), ['MESSAGE_SAMPLES']);
  assert.deepEqual(reviewCampaign({ ...content, messageSamples: [content.messageSamples[0] ?? ''] }, keywords, 'SOLE_PROPRIETOR'), [], 'one sample for a sole proprietor');
  assert.deepEqual(fields(reviewCampaign({ ...content, messageSamples: ['Your driver is 3 minutes away now.', 'Rider: I am at the north entrance.'] }, keywords, 'PROXY')), ['MESSAGE_SAMPLES']);
  assert.deepEqual(fields(reviewCampaign(content, { ...keywords, optOutKeywords: ['QUIT'] }, 'PROXY')), ['OPT_OUT_KEYWORDS']);
  assert.deepEqual(fields(reviewCampaign(content, { ...keywords, helpMessage: ' ' }, 'PROXY')), ['HELP_MESSAGE']);
  assert.deepEqual(reviewCampaign({ ...content, description: '' }, keywords, 'PROXY').map((e) => e.errorCode), [30886]);
});

test('use cases per brand type, campaign ids and rate limits', () => {
  assert.deepEqual(useCasesFor({ brandType: 'SOLE_PROPRIETOR' }).map((u) => u.code), ['SOLE_PROPRIETOR']);
  assert.ok(useCasesFor({ brandType: 'STANDARD' }).some((u) => u.code === 'PROXY' && u.postApprovalRequired));
  assert.equal(campaignIdFrom('a1b2c3'), 'CA1B2C3');
  assert.ok(isCampaignId('CA1B2C3') && !isCampaignId('CA1B2C') && !isCampaignId('ca1b2c3'));
  assert.deepEqual(rateLimitsFor(null).tmobile.brandTier, 'BASIC');
  assert.deepEqual(rateLimitsFor(76), { att: { mps: 75, msgClass: 'A' }, tmobile: { brandTier: 'TOP' } });
});

test('toll-free review: opt-in images unless verbal or by text, opt-out language in the sample; the edit window', () => {
  const base = {
    productionMessageSample: 'Your order shipped. Reply STOP to opt out.', optInImageUrls: ['https://x.example/a.png'], optInType: 'WEB_FORM',
  } satisfies Partial<TollfreeSubmission>;
  const review = (o: Partial<TollfreeSubmission>) => reviewTollfree({ ...EMPTY_SUBMISSION, ...base, ...o }).map((r) => r.code);
  assert.deepEqual(review({}), []);
  assert.deepEqual(review({ optInImageUrls: [] }), [30509]);
  assert.deepEqual(review({ optInImageUrls: [], optInType: 'VERBAL' }), []);
  assert.deepEqual(review({ productionMessageSample: 'Your order shipped.' }), [30513]);
  const at = new Date('2030-01-01T00:00:00Z');
  assert.equal(editAllowed({ status: 'TWILIO_REJECTED', editExpiration: at }, at), true);
  assert.equal(editAllowed({ status: 'TWILIO_REJECTED', editExpiration: at }, new Date(at.getTime() + 1)), false);
  assert.equal(editAllowed({ status: 'TWILIO_APPROVED', editExpiration: at }, at), false);
});
