// What the three customer callbacks share: Twilio's date shape and the key every callback is signed with.
import { WebhookError } from '../../ports/webhook-sender.ts';
import type { AccountRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';

/** `2018-03-13T22:42:54Z`: the shape Twilio's callbacks carry (no milliseconds). */
export const wireDate = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** X-Twilio-Signature is keyed with the auth token of the account that owns the service (§7). */
export const authTokenOf = async (deps: DepsWith<AccountRepo>, accountSid: string): Promise<string> => {
  const account = await deps.store.getAccount(accountSid);
  // Accounts cascade-delete their services and jobs, so a callback without its account is a broken row.
  if (!account) throw new Error(`callback for unknown account ${accountSid}`);
  return account.authToken;
};

/** A short, loggable reason for a failed callback. */
export const describeFailure = (err: unknown): string => {
  if (err instanceof WebhookError) return `${err.failure}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
};
