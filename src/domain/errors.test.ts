import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError, ERROR_NAMES, errorSpec, invalidParameter, isMasqOnly, moreInfoUrl, notFound, twilioCodeOf } from './errors.ts';

const BASE = 'https://masq.example.invalid';

test('every catalog entry carries an HTTP status, a title and a kebab-case name usable as a URL fragment', () => {
  for (const name of ERROR_NAMES) {
    const spec = errorSpec(name);
    assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)*$/, name);
    assert.ok(spec.status >= 400 && spec.status < 600, `status of ${name}`);
    assert.ok(spec.title.length > 0, `title of ${name}`);
    assert.ok(Number.isInteger(spec.twilioCode) && spec.twilioCode >= 10000, `code of ${name}`);
  }
});

test('each wire code has exactly one name with Twilio\'s meaning, so a bare code names one error', () => {
  const codes = new Set(ERROR_NAMES.map(twilioCodeOf));
  for (const code of codes) {
    const twilioMeaning = ERROR_NAMES.filter((name) => twilioCodeOf(name) === code && !isMasqOnly(name));
    assert.equal(twilioMeaning.length, 1, `code ${code}: ${twilioMeaning.join(', ')}`);
  }
});

test('AppError takes the name, and from the catalog its status, wire code and default message', () => {
  const err = new AppError('duplicate-participant-request');
  assert.equal(err.code, 'duplicate-participant-request');
  assert.equal(err.twilioCode, 80623);
  assert.equal(err.status, 409);
  assert.equal(err.message, 'Duplicate participant request');
  assert.equal(new AppError('session-closed', 'Session KC1 is closed', 'detail').detail, 'detail');
});

test('the helpers keep Twilio\'s wording', () => {
  const invalid = invalidParameter('Ttl');
  assert.equal(invalid.code, 'parameter-invalid');
  assert.equal(invalid.twilioCode, 80701);
  assert.equal(invalid.message, "'Ttl' is invalid.");
  assert.equal(invalidParameter('Ttl', 'Expected seconds.').message, "'Ttl' is invalid. Expected seconds.");
  assert.equal(notFound('/Services/KS1').message, 'The requested resource /Services/KS1 was not found');
  assert.equal(notFound('/Services/KS1').twilioCode, 20404);
});

test('more_info is Twilio\'s page for Twilio\'s errors and masq\'s own docs for masq-only ones', () => {
  assert.equal(moreInfoUrl('parameter-invalid', BASE), 'https://www.twilio.com/docs/errors/80701');
  assert.equal(moreInfoUrl('unauthorized-operation', BASE), 'https://www.twilio.com/docs/errors/80610');
  assert.equal(moreInfoUrl('webhook-signature-invalid', BASE), `${BASE}/docs/errors#webhook-signature-invalid`);
  assert.equal(twilioCodeOf('webhook-signature-invalid'), 80610);
});

test('masq-only errors explain themselves; reserved ones are Twilio\'s', () => {
  for (const name of ERROR_NAMES) {
    const spec = errorSpec(name);
    if (spec.masqOnly) assert.ok(spec.explanation.length > 0, name);
    if (spec.reserved) assert.equal(isMasqOnly(name), false, name);
  }
});
