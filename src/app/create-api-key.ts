// POST /2010-04-01/Accounts/{AC}/Keys.json: a new API key (SK...). The secret is generated here, returned
// once to the caller and stored only as a salted hash, as Twilio does ("the secret is only shown once").
import type { ApiKey } from '../domain/account.ts';
import { hashApiKeySecret } from '../domain/api-key-secret.ts';
import type { AccountRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

export interface NewApiKey {
  readonly key: ApiKey;
  /** Shown once; masq cannot tell it again. */
  readonly secret: string;
}

/** 16 random bytes, 32 hex characters: the length of a Twilio key secret. */
const SECRET_BYTES = 16;

export const createApiKey = async (deps: DepsWith<AccountRepo, 'clock' | 'ids'>, accountSid: string, friendlyName: string | null): Promise<NewApiKey> => {
  const secret = deps.ids.token(SECRET_BYTES);
  const salt = deps.ids.token(SECRET_BYTES);
  const now = deps.clock.now();
  const key: ApiKey = {
    sid: deps.ids.sid('apiKey'),
    accountSid,
    friendlyName,
    secretSalt: salt,
    secretHash: hashApiKeySecret(salt, secret),
    dateCreated: now,
    dateUpdated: now,
  };
  await deps.store.createApiKey(key);
  return { key, secret };
};
