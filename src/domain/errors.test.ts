import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError, ERROR_CATALOG, invalidParameter, moreInfoUrl } from './errors.ts';

test('every catalog entry carries an HTTP status and a title', () => {
  for (const [code, spec] of Object.entries(ERROR_CATALOG)) {
    assert.ok(spec.status >= 400 && spec.status < 600, `status of ${code}`);
    assert.ok(spec.title.length > 0, `title of ${code}`);
  }
});

test('AppError takes its status from the catalog', () => {
  const err = new AppError(80623);
  assert.equal(err.status, 409);
  assert.equal(err.message, 'Duplicate participant request');
  assert.equal(invalidParameter('Ttl').message, "'Ttl' is invalid.");
  assert.equal(moreInfoUrl(80701), 'https://www.twilio.com/docs/errors/80701');
});
