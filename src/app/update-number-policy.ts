// POST /masq/v1/NumberPolicy: an account changes some fields of its number policy (docs/numbers.md). The
// fields it sends are laid over the ones it set before (quarantineDays type by type), the whole is checked
// (80701 naming the first bad field), and only the fields the account set are stored, so a later change
// of masq's defaults reaches every field it never set.
import { invalidParameter } from '../domain/errors.ts';
import { numberPolicyOf } from '../domain/number-policy.ts';
import type { NumberPolicy } from '../domain/number-lifecycle.ts';
import type { InventoryRepo, Locks } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { storedPolicyFields } from './number-policy.ts';

type Fields = Readonly<Record<string, unknown>>;

export const NUMBER_POLICY_FIELDS: readonly (keyof NumberPolicy)[] = [
  'quarantineDays', 'misdirectedThreshold', 'extensionDays', 'maxQuarantineDays', 'inactivityDays', 'inactivityPolicy',
  'inactivityCallbackUrl', 'releaseAfterWarningDays', 'quarantineSmsReply', 'smsGating',
];

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);

const checkKnown = (change: Fields): void => {
  for (const key of Object.keys(change)) {
    if (!NUMBER_POLICY_FIELDS.some((field) => field === key)) throw invalidParameter(key, `Unknown field; expected one of ${NUMBER_POLICY_FIELDS.join(', ')}.`);
  }
};

/** quarantineDays merges type by type, so setting one type keeps the others the account set. */
const merge = (stored: Fields, change: Fields): Fields => {
  const days = change.quarantineDays;
  if (!isObject(days) || !isObject(stored.quarantineDays)) return { ...stored, ...change };
  return { ...stored, ...change, quarantineDays: { ...stored.quarantineDays, ...days } };
};

export const updateNumberPolicy = async (deps: DepsWith<InventoryRepo & Locks, 'clock'>, accountSid: string, change: Fields): Promise<NumberPolicy> => {
  checkKnown(change);
  return deps.store.transaction(async (tx) => {
    // Two changes at once must not drop each other's fields (read, merge, write).
    await tx.lock([`number-policy:${accountSid}`]);
    const fields = merge(storedPolicyFields(await tx.getNumberPolicy(accountSid)), change);
    const policy = numberPolicyOf(fields);
    await tx.setNumberPolicy(accountSid, JSON.stringify(fields), deps.clock.now());
    return policy;
  });
};
