// The `carriers` setting (MASQ_CARRIERS, config-file key "carriers"): a JSON array of carrier accounts.
// Every problem in the list is reported at once, each naming the account (by name, or by index while
// it has no usable name) and the field; no value is ever shown, since most fields are secrets.
import { CARRIER_ACCOUNT_BUILDERS } from './carrier-account-builders.ts';
import { accountFieldReader, isJsonObject } from './carrier-account-fields.ts';
import {
  CARRIER_ACCOUNT_FIELDS, SANDBOX_ACCOUNT_NAME, accountName, carrierType,
  type CarrierAccountConfig,
} from './carrier-account-types.ts';
import { ValueProblems, text, type ConfigEnv, type RawValue } from './values.ts';

export {
  CARRIER_TYPES, LEGACY_TWILIO_ACCOUNT_NAME, SANDBOX_ACCOUNT_NAME,
  type CarrierAccountConfig, type CarrierAccountOf, type CarrierType,
} from './carrier-account-types.ts';

interface ReadAccount {
  readonly index: number;
  /** The account's name when it is a valid one, for the duplicate check. */
  readonly name: string | null;
  /** The account when every field was valid. */
  readonly account: CarrierAccountConfig | null;
}

/** The list as JSON: the environment gives it as text, and so does the loader for a config file's array. */
const jsonList = (raw: RawValue): readonly unknown[] => {
  if (typeof raw === 'string' && text(raw) === '') return [];
  let parsed: unknown;
  try {
    parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    // JSON.parse's message quotes the text around the fault, which may be a secret.
    throw new Error('must be a JSON array of carrier accounts (this is not valid JSON)');
  }
  if (!Array.isArray(parsed)) throw new Error('must be a JSON array of carrier accounts');
  return parsed;
};

const unknownFields = (account: Readonly<Record<string, unknown>>, known: readonly string[]): string[] =>
  Object.keys(account).filter((field) => !known.includes(field));

const readAccount = (value: unknown, index: number, env: ConfigEnv, problems: string[]): ReadAccount => {
  const byIndex = `account at index ${index}`;
  if (!isJsonObject(value)) {
    problems.push(`${byIndex}: must be a JSON object with "type" and "name"`);
    return { index, name: null, account: null };
  }
  const name = accountFieldReader(value, byIndex, env, problems).required('name', accountName) ?? null;
  const label = name === null ? byIndex : `account "${name}"`;
  const read = accountFieldReader(value, label, env, problems);
  const type = read.required('type', carrierType);
  if (type === undefined) return { index, name, account: null };
  const known = ['type', 'name', ...CARRIER_ACCOUNT_FIELDS[type]];
  for (const field of unknownFields(value, known)) {
    problems.push(`${label}: unknown field ${JSON.stringify(field)} (a ${type} account has ${known.join(', ')})`);
  }
  // Built even without a valid name, so the fields' problems are reported in the same run.
  const account = CARRIER_ACCOUNT_BUILDERS[type](read, name ?? '');
  return { index, name, account: name === null ? null : account };
};

/** Names are what numbers and webhook URLs refer to, so each must be unique and not the sandbox's. */
const checkNames = (accounts: readonly ReadAccount[], problems: string[]): void => {
  const firstIndex = new Map<string, number>();
  for (const { index, name } of accounts) {
    if (name === null) continue;
    if (name === SANDBOX_ACCOUNT_NAME) {
      problems.push(`account at index ${index}: the name "${SANDBOX_ACCOUNT_NAME}" is reserved for the built-in sandbox (MASQ_SANDBOX)`);
      continue;
    }
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, index);
    else problems.push(`account "${name}" is listed twice (at index ${first} and ${index}); names must be unique`);
  }
};

export const parseCarrierAccounts = (raw: RawValue, env: ConfigEnv): readonly CarrierAccountConfig[] => {
  const problems: string[] = [];
  const accounts = jsonList(raw).map((value, index) => readAccount(value, index, env, problems));
  checkNames(accounts, problems);
  if (problems.length > 0) throw new ValueProblems(problems);
  return accounts.flatMap(({ account }) => (account === null ? [] : [account]));
};
