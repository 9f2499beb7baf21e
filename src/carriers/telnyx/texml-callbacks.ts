// TeXML's form-encoded voice webhooks -> what masq routes and records. TeXML copies TwiML's parameter
// names (CallSid, From, To, DialCallStatus...), and adds its own (ConnectionId, CallSidLegacy...) without
// notice, so nothing here rejects an unknown one: the few we need are read, the rest passed on as they came.
import { attestationFromTelnyx } from '../../domain/attestation.ts';
import { invalidParameter } from '../../domain/errors.ts';
import { parseForm, type FormFields } from '../../domain/form-fields.ts';
import type { CarrierStatusReport, WebhookEvent } from '../../ports/carrier.ts';
import { isWithheldAddress, normalisedAddress } from './addresses.ts';
import { callStatusOf } from './status.ts';

/** The form body (bounded against hostile input by the domain's parser). */
export const parseTexmlForm = (rawBody: Buffer): FormFields => parseForm(rawBody.toString('utf8'));

/** A repeated key counts by its first value, as Twilio-style parsers read it. */
const valueOf = (form: FormFields, name: string): string | undefined => {
  const value = Object.hasOwn(form, name) ? form[name] : undefined;
  return typeof value === 'string' ? value : value?.[0];
};

const required = (form: FormFields, name: string): string => {
  const value = valueOf(form, name)?.trim();
  if (!value) throw invalidParameter(name, 'It is required.');
  return value;
};

/** Every parameter with one value each, as the out-of-session callback forwards them. */
const flatten = (form: FormFields): Record<string, string> =>
  Object.fromEntries(Object.keys(form).map((name) => [name, valueOf(form, name) ?? '']));

/** An inbound call to the TeXML application's voice URL. */
export const parseVoiceCall = (form: FormFields, carrier: string): WebhookEvent => {
  const rawFrom = valueOf(form, 'From');
  // A missing From is a malformed webhook; a present but withheld one is a caller nobody can route.
  if (rawFrom === undefined) throw invalidParameter('From', 'It is required.');
  if (isWithheldAddress(rawFrom)) return { kind: 'withheld', channel: 'voice' };
  const attestation = attestationFromTelnyx(valueOf(form, 'ShakenStirAttestation'), valueOf(form, 'ShakenStirValidated'));
  return {
    kind: 'inbound',
    event: {
      channel: 'voice',
      carrier,
      resourceSid: required(form, 'CallSid'),
      from: normalisedAddress(rawFrom, 'sender', 'From'),
      to: normalisedAddress(valueOf(form, 'To') ?? '', 'proxy', 'To'),
      body: '',
      mediaUrls: [],
      carrierParams: flatten(form),
      // STIR/SHAKEN, when the TeXML application has shaken_stir_enabled.
      ...(attestation && { attestation }),
    },
  };
};

export type CallCallbackKind = 'dial' | 'call';

const NAMES: Readonly<Record<CallCallbackKind, { sid: string; status: string; duration: string }>> = {
  // The <Dial action> URL: the leg masq placed toward the partner.
  dial: { sid: 'DialCallSid', status: 'DialCallStatus', duration: 'DialCallDuration' },
  // The application's call status callback: the inbound leg.
  call: { sid: 'CallSid', status: 'CallStatus', duration: 'CallDuration' },
};

const durationOf = (form: FormFields, name: string): number | null => {
  const raw = valueOf(form, name)?.trim();
  return raw && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
};

/**
 * A call-progress callback. A <Dial> that never placed its call reports DialCallStatus without a
 * DialCallSid: that still ends the interaction's outbound leg, so it is reported with no resource sid.
 * A call callback that names no call is acknowledged and ignored. 80701 when the status is missing.
 */
export const parseCallStatus = (kind: CallCallbackKind, form: FormFields, interactionSid: string | null): WebhookEvent => {
  const names = NAMES[kind];
  const status = required(form, names.status);
  const resourceSid = valueOf(form, names.sid)?.trim() || null;
  if (resourceSid === null && kind === 'call') return { kind: 'ignored', reason: 'a call status callback without a CallSid' };
  const report: CarrierStatusReport = {
    interactionSid,
    resourceSid,
    resourceType: 'Call',
    status: callStatusOf(status),
    durationSeconds: durationOf(form, names.duration),
    errorCode: valueOf(form, 'ErrorCode')?.trim() || null,
  };
  return { kind: 'status', report };
};

/**
 * A programmable call's step callback (a Gather, Dial or Record action, a Redirect) at masq's step URL:
 * the step token from the URL's `Step` (what masq rendered), the call by TeXML's CallSid, and every form
 * parameter as it came (TeXML uses TwiML's names: Digits, DialCallStatus, RecordingSid...). 80701 when
 * either is missing.
 */
export const parseProgramStep = (form: FormFields, query: Readonly<Record<string, string>>): WebhookEvent => {
  const step = query.Step?.trim();
  if (!step) throw invalidParameter('Step', 'It is required.');
  return { kind: 'program-step', step, resourceSid: required(form, 'CallSid'), params: flatten(form) };
};
