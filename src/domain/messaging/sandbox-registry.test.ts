import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EMPTY_PROFILE_DATA, type BrandProfileData } from './brand-profile.ts';
import { invalidBrandFields, reviewBrand, screenBrand, tcrIdOf } from './sandbox-registry.ts';

const VALID: BrandProfileData = {
  ...EMPTY_PROFILE_DATA, legalName: 'Acme Inc', taxId: '123456789', entityType: 'NON_PROFIT', vertical: 'HEALTHCARE', street: '1 Main St',
  city: 'Austin', region: 'TX', postalCode: '73301-0001', isoCountry: 'US', website: 'http://acme.invalid', email: 'a@acme.invalid', phone: '+15125550100',
};
const SID = `BN${'ab12'.repeat(8)}`;

describe('sandbox registry', () => {
  test('an empty profile names every required field', () => {
    assert.deepEqual(invalidBrandFields(EMPTY_PROFILE_DATA, 'STANDARD'), [
      'business_name', 'business_registration_number', 'business_type', 'business_industry', 'street', 'city', 'region', 'postal_code', 'iso_country',
      'website', 'email', 'phone_number',
    ]);
  });

  test('US formats are checked; other countries only need the field', () => {
    assert.deepEqual(invalidBrandFields({ ...VALID, taxId: '12345', postalCode: 'ABC', phone: '5125550100' }, 'STANDARD'), ['business_registration_number', 'postal_code', 'phone_number']);
    assert.deepEqual(invalidBrandFields({ ...VALID, isoCountry: 'CA', taxId: '123456789RC0001', region: 'Ontario', postalCode: 'M5V 2T6' }, 'STANDARD'), []);
  });

  test('a valid profile passes screening and is approved with a score by entity type', () => {
    assert.equal(screenBrand(VALID, 'STANDARD'), null);
    const { approved, verdict } = reviewBrand(SID, VALID, 'STANDARD');
    assert.deepEqual([approved, verdict.brandScore, verdict.taxExemptStatus, verdict.identityStatus, verdict.tcrId], [true, 75, '501c3', 'VERIFIED', tcrIdOf(SID)]);
    assert.equal(tcrIdOf(SID), 'BAB12AB');
  });

  test('a tax id starting with 00 fails review (30799, TAX_ID); a sole proprietor needs no tax id', () => {
    const { approved, verdict } = reviewBrand(SID, { ...VALID, taxId: '00-1234567' }, 'STANDARD');
    assert.deepEqual([approved, verdict.errors[0]?.errorCode, verdict.brandFeedback], [false, 30799, ['TAX_ID']]);
    const sole = { ...VALID, entityType: 'SOLE_PROPRIETOR', taxId: null, vertical: null, website: null };
    assert.equal(reviewBrand(SID, sole, 'SOLE_PROPRIETOR').approved, true);
  });
});
