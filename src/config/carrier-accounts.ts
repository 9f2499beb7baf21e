// The `carriers` setting (MASQ_CARRIERS, config-file key "carriers"): a JSON array of carrier accounts.
// Every problem in the list is reported at once, each naming the account (by name, or by index while
// it has no usable name) and the field; no value is ever shown, since most fields are secrets.
// The carrier types (their fields, checks and defaults) are handed in: configuration knows none itself.
import type { CarrierAccountSettings, CarrierSettingsSpec } from '../domain/carrier-settings.ts';
import { accountFieldReader, isJsonObject, readSettings } from './carrier-account-fields.ts';
import { SANDBOX_ACCOUNT_NAME, accountName, carrierTypeIn } from './carrier-account-names.ts';
import { ValueProblems, text, type ConfigEnv, type RawValue } from './values.ts';

interface ReadAccount {
  readonly index: number;
  /** The account's name when it is a valid one, for the duplicate check. */
  readonly name: string | null;
  /** The account when every field was valid. */
  readonly account: CarrierAccountSettings | null;
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

const readAccount = (value: unknown, index: number, env: ConfigEnv, types: readonly CarrierSettingsSpec[], problems: string[]): ReadAccount => {
  const byIndex = `account at index ${index}`;
  if (!isJsonObject(value)) {
    problems.push(`${byIndex}: must be a JSON object with "type" and "name"`);
    return { index, name: null, account: null };
  }
  const name = accountFieldReader(value, byIndex, env, problems).required('name', accountName) ?? null;
  const label = name === null ? byIndex : `account "${name}"`;
  const read = accountFieldReader(value, label, env, problems);
  const spec = read.required('type', carrierTypeIn(types));
  if (spec === undefined) return { index, name, account: null };
  const known = ['type', 'name', ...Object.keys(spec.fields)];
  for (const field of unknownFields(value, known)) {
    problems.push(`${label}: unknown field ${JSON.stringify(field)} (a ${spec.type} account has ${known.join(', ')})`);
  }
  // Read even without a valid name, so the fields' problems are reported in the same run.
  const settings = readSettings(read, spec);
  return { index, name, account: name === null || settings === null ? null : { type: spec.type, name, settings } };
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

export const parseCarrierAccounts = (raw: RawValue, env: ConfigEnv, types: readonly CarrierSettingsSpec[]): readonly CarrierAccountSettings[] => {
  const problems: string[] = [];
  const accounts = jsonList(raw).map((value, index) => readAccount(value, index, env, types, problems));
  checkNames(accounts, problems);
  if (problems.length > 0) throw new ValueProblems(problems);
  return accounts.flatMap(({ account }) => (account === null ? [] : [account]));
};
