// The owner's IncomingPhoneNumber settings from Twilio's form fields (VoiceUrl, SmsMethod...): each one
// checked, an empty value clearing a URL or SID, anything unknown to Twilio ignored as Twilio does.
import { invalidParameter } from './errors.ts';
import { checkHttpUrl } from './http-url.ts';
import type { NumberConfig } from './inventory-number.ts';
import { isSid } from './sid.ts';

export type ConfigForm = Readonly<Record<string, string | undefined>>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const URL_FIELDS = {
  VoiceUrl: 'voiceUrl', VoiceFallbackUrl: 'voiceFallbackUrl', SmsUrl: 'smsUrl', SmsFallbackUrl: 'smsFallbackUrl', StatusCallback: 'statusCallback',
} as const;
const METHOD_FIELDS = {
  VoiceMethod: 'voiceMethod', VoiceFallbackMethod: 'voiceFallbackMethod', SmsMethod: 'smsMethod', SmsFallbackMethod: 'smsFallbackMethod',
  StatusCallbackMethod: 'statusCallbackMethod',
} as const;
const SID_FIELDS = {
  VoiceApplicationSid: 'voiceApplicationSid', SmsApplicationSid: 'smsApplicationSid', TrunkSid: 'trunkSid',
  EmergencyAddressSid: 'emergencyAddressSid', IdentitySid: 'identitySid', AddressSid: 'addressSid', BundleSid: 'bundleSid',
} as const;

const checkedUrl = (name: string, value: string): string | null => (value === '' ? null : checkHttpUrl(name, value));

const checkedMethod = (name: string, value: string): string => {
  const method = value.toUpperCase();
  if (method !== 'GET' && method !== 'POST') throw invalidParameter(name, 'Expected GET or POST.');
  return method;
};

const checkedBoolean = (name: string, value: string): boolean => {
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  throw invalidParameter(name, 'Expected true or false.');
};

const oneOfValues = <T extends string>(name: string, value: string, allowed: readonly T[]): T => {
  const found = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (found === undefined) throw invalidParameter(name, `Expected one of ${allowed.join(', ')}.`);
  return found;
};

export const parseNumberConfig = (form: ConfigForm): Partial<NumberConfig> => {
  const config: Partial<Mutable<NumberConfig>> = {};
  for (const [field, key] of Object.entries(URL_FIELDS)) {
    const value = form[field];
    if (value !== undefined) config[key] = checkedUrl(field, value);
  }
  for (const [field, key] of Object.entries(METHOD_FIELDS)) {
    const value = form[field];
    if (value !== undefined) config[key] = checkedMethod(field, value);
  }
  for (const [field, key] of Object.entries(SID_FIELDS)) {
    const value = form[field];
    if (value !== undefined) config[key] = value === '' ? null : value;
  }
  if (form.ApiVersion !== undefined) config.apiVersion = oneOfValues('ApiVersion', form.ApiVersion, ['2010-04-01', '2008-08-01']);
  if (form.VoiceCallerIdLookup !== undefined) config.voiceCallerIdLookup = checkedBoolean('VoiceCallerIdLookup', form.VoiceCallerIdLookup);
  if (form.VoiceReceiveMode !== undefined) config.voiceReceiveMode = oneOfValues<'voice' | 'fax'>('VoiceReceiveMode', form.VoiceReceiveMode, ['voice', 'fax']);
  if (form.EmergencyStatus !== undefined) config.emergencyStatus = oneOfValues<'Active' | 'Inactive'>('EmergencyStatus', form.EmergencyStatus, ['Active', 'Inactive']);
  Object.assign(config, flowAttachment(form));
  return config;
};

/**
 * masq's extension: FlowSid (a masq flow answers the number; empty detaches it) and FlowRevision (pins a
 * revision; empty follows the latest). A new FlowSid without a FlowRevision follows that flow's latest.
 * Whether the flow exists in the account is the use case's check (app/flows/flow-attachment.ts).
 */
const flowAttachment = (form: ConfigForm): Partial<Pick<NumberConfig, 'flowSid' | 'flowRevision'>> => {
  const { FlowSid: sid, FlowRevision: revision } = form;
  if (sid !== undefined && sid !== '' && !isSid('flow', sid)) throw invalidParameter('FlowSid', 'Expected a flow SID (FW followed by 32 hex digits), or empty to detach the flow.');
  if (revision !== undefined && revision !== '' && !/^[1-9][0-9]{0,8}$/.test(revision)) throw invalidParameter('FlowRevision', 'Expected a revision number (1, 2, ...), or empty for the latest.');
  const pinned = revision === undefined ? undefined : revision === '' ? null : Number(revision);
  return {
    ...(sid !== undefined && { flowSid: sid === '' ? null : sid, flowRevision: pinned ?? null }),
    ...(sid === undefined && pinned !== undefined && { flowRevision: pinned }),
  };
};
