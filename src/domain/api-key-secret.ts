// API key secrets are stored as SHA-256(salt || secret), never in clear. A fast hash is enough here,
// unlike for passwords: masq generates every secret with 128 bits of randomness, so there is nothing to
// guess, and a slow KDF (scrypt) would cost tens of milliseconds of CPU on every request made with a key.
// The per-key salt keeps equal secrets from hashing alike. Pure: the salt comes from the caller.
import { createHash, timingSafeEqual } from 'node:crypto';

export const hashApiKeySecret = (salt: string, secret: string): string =>
  createHash('sha256').update(salt, 'utf8').update('\0').update(secret, 'utf8').digest('hex');

/** Constant-time: both sides are fixed-length digests, so neither content nor length leaks. */
export const apiKeySecretMatches = (key: { readonly secretSalt: string; readonly secretHash: string }, given: string): boolean => {
  const expected = Buffer.from(key.secretHash, 'hex');
  const actual = Buffer.from(hashApiKeySecret(key.secretSalt, given), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
};
