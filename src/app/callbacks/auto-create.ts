// The JSON an OutOfSessionCallbackUrl may answer with to have masq create a session on the spot
// (Twilio Proxy §6.3, "auto-create"). Fields are camelCase, as Twilio documents them; only
// participantIdentifier is required. Anything malformed rejects the whole answer: half-applying a
// customer's instructions would create a session they did not ask for.
import { SESSION_MODES } from '../../domain/session.ts';
import type { AutoCreateRequest } from './out-of-session.ts';

export type AutoCreateParse = { readonly ok: true; readonly request: AutoCreateRequest } | { readonly ok: false; readonly error: string };

type Fields = Readonly<Record<string, unknown>>;

const optionalString = (fields: Fields, name: string): string | undefined => {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`${name} must be a string`);
  return value;
};

/** Applications send ttl as a number or as a numeric string. */
const optionalTtl = (fields: Fields): number | undefined => {
  const value = fields.ttl;
  if (value === undefined || value === null) return undefined;
  const ttl = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0) throw new Error('ttl must be a non-negative integer');
  return ttl;
};

const optionalDate = (fields: Fields, name: string): Date | undefined => {
  const value = optionalString(fields, name);
  if (value === undefined) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new Error(`${name} must be an ISO 8601 date-time`);
  return date;
};

const optionalMode = (fields: Fields): AutoCreateRequest['mode'] => {
  const value = optionalString(fields, 'mode');
  if (value === undefined) return undefined;
  const mode = SESSION_MODES.find((m) => m === value);
  if (!mode) throw new Error(`mode must be one of ${SESSION_MODES.join(', ')}`);
  return mode;
};

const toRequest = (fields: Fields): AutoCreateRequest => {
  const participantIdentifier = optionalString(fields, 'participantIdentifier');
  if (!participantIdentifier?.trim()) throw new Error('participantIdentifier is required');
  const request: AutoCreateRequest = { participantIdentifier };
  const uniqueName = optionalString(fields, 'uniqueName');
  const mode = optionalMode(fields);
  const ttl = optionalTtl(fields);
  const dateExpiry = optionalDate(fields, 'dateExpiry');
  const participantProxyIdentifier = optionalString(fields, 'participantProxyIdentifier');
  const participantFriendlyName = optionalString(fields, 'participantFriendlyName');
  // Fields the application left out stay absent, so the session gets the service defaults for them.
  if (uniqueName !== undefined) request.uniqueName = uniqueName;
  if (mode !== undefined) request.mode = mode;
  if (ttl !== undefined) request.ttl = ttl;
  if (dateExpiry !== undefined) request.dateExpiry = dateExpiry;
  if (participantProxyIdentifier !== undefined) request.participantProxyIdentifier = participantProxyIdentifier;
  if (participantFriendlyName !== undefined) request.participantFriendlyName = participantFriendlyName;
  return request;
};

export const parseAutoCreate = (body: string): AutoCreateParse => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, error: 'not a JSON object' };
  try {
    return { ok: true, request: toRequest(Object.fromEntries(Object.entries(parsed))) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
};
