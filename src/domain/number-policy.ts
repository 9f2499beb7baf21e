// Reading an account's number policy: what it stored (only the fields it set) over the defaults, each
// field checked, so a bad value is refused with the field it is in.
import { invalidParameter } from './errors.ts';
import { checkHttpUrl } from './http-url.ts';
import { NUMBER_TYPES, type NumberType } from './inventory-number.ts';
import { isSmsGatingMode, SMS_GATING_MODES } from './messaging/sms-gate.ts';
import { DEFAULT_NUMBER_POLICY, MAX_QUARANTINE_DAYS, MIN_QUARANTINE_DAYS, type NumberPolicy } from './number-lifecycle.ts';

type Fields = Readonly<Record<string, unknown>>;

const INACTIVITY_POLICIES = ['flag', 'warn', 'release'] as const;

/** `label` is the field as the caller wrote it, when it is nested (quarantineDays.local). */
const integerIn = (fields: Fields, name: string, min: number, max: number, fallback: number, label = name): number => {
  const value = fields[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(label, `Expected a whole number from ${min} to ${max}.`);
  }
  return value;
};

const textOrNull = (fields: Fields, name: string, fallback: string | null): string | null => {
  const value = fields[name];
  if (value === undefined) return fallback;
  if (value !== null && typeof value !== 'string') throw invalidParameter(name, 'Expected text or null.');
  return value === '' ? null : value;
};

const quarantineDays = (fields: Fields): Record<NumberType, number> => {
  const given = fields.quarantineDays;
  if (given === undefined) return { ...DEFAULT_NUMBER_POLICY.quarantineDays };
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw invalidParameter('quarantineDays', 'Expected an object of days per number type.');
  const perType: Fields = Object.fromEntries(Object.entries(given));
  for (const key of Object.keys(perType)) {
    if (!NUMBER_TYPES.some((type) => type === key)) throw invalidParameter(`quarantineDays.${key}`, `Unknown number type; expected one of ${NUMBER_TYPES.join(', ')}.`);
  }
  const days = (type: NumberType): number =>
    integerIn(perType, type, MIN_QUARANTINE_DAYS, MAX_QUARANTINE_DAYS, DEFAULT_NUMBER_POLICY.quarantineDays[type], `quarantineDays.${type}`);
  return {
    local: days('local'), 'toll-free': days('toll-free'), mobile: days('mobile'), national: days('national'),
    'shared-cost': days('shared-cost'), voip: days('voip'), 'machine-to-machine': days('machine-to-machine'), 'short-code': days('short-code'),
  };
};

const inactivityPolicy = (fields: Fields): NumberPolicy['inactivityPolicy'] => {
  const value = fields.inactivityPolicy;
  if (value === undefined) return DEFAULT_NUMBER_POLICY.inactivityPolicy;
  const found = INACTIVITY_POLICIES.find((p) => p === value);
  if (!found) throw invalidParameter('inactivityPolicy', `Expected one of ${INACTIVITY_POLICIES.join(', ')}.`);
  return found;
};

/** The warning is a signed POST masq makes: it needs an absolute http(s) URL to post to. */
const callbackUrl = (fields: Fields): string | null => {
  const value = textOrNull(fields, 'inactivityCallbackUrl', DEFAULT_NUMBER_POLICY.inactivityCallbackUrl);
  return value === null ? null : checkHttpUrl('inactivityCallbackUrl', value);
};

/** enforce, warn or off; null (or empty) follows the installation's default (MASQ_SMS_GATING). */
const smsGating = (fields: Fields): NumberPolicy['smsGating'] => {
  const value = fields.smsGating;
  if (value === undefined || value === null || value === '') return DEFAULT_NUMBER_POLICY.smsGating;
  if (!isSmsGatingMode(value)) throw invalidParameter('smsGating', `Expected one of ${SMS_GATING_MODES.join(', ')}, or empty for the installation's default.`);
  return value;
};

/** The policy from stored or submitted fields over the defaults; throws 80701 naming the bad field. */
export const numberPolicyOf = (fields: Fields): NumberPolicy => {
  const policy: NumberPolicy = {
    quarantineDays: quarantineDays(fields),
    misdirectedThreshold: integerIn(fields, 'misdirectedThreshold', 1, 10_000, DEFAULT_NUMBER_POLICY.misdirectedThreshold),
    extensionDays: integerIn(fields, 'extensionDays', 1, 90, DEFAULT_NUMBER_POLICY.extensionDays),
    maxQuarantineDays: integerIn(fields, 'maxQuarantineDays', MIN_QUARANTINE_DAYS, 365, DEFAULT_NUMBER_POLICY.maxQuarantineDays),
    inactivityDays: integerIn(fields, 'inactivityDays', 1, 365, DEFAULT_NUMBER_POLICY.inactivityDays),
    inactivityPolicy: inactivityPolicy(fields),
    inactivityCallbackUrl: callbackUrl(fields),
    releaseAfterWarningDays: integerIn(fields, 'releaseAfterWarningDays', 1, 365, DEFAULT_NUMBER_POLICY.releaseAfterWarningDays),
    quarantineSmsReply: textOrNull(fields, 'quarantineSmsReply', DEFAULT_NUMBER_POLICY.quarantineSmsReply),
    smsGating: smsGating(fields),
  };
  if (policy.inactivityPolicy !== 'flag' && policy.inactivityCallbackUrl === null) {
    throw invalidParameter('inactivityCallbackUrl', `Required when inactivityPolicy is '${policy.inactivityPolicy}'.`);
  }
  return policy;
};
