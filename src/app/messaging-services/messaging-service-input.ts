// The parameters of POST /v1/Services (create) and POST /v1/Services/{MG} (update), checked and applied
// over the current settings. Names in errors are the wire's, since they end up in the caller's error.
import { invalidParameter } from '../../domain/errors.ts';
import { checkHttpUrl } from '../../domain/http-url.ts';
import {
  MAX_VALIDITY_PERIOD, MIN_VALIDITY_PERIOD, SCAN_MESSAGE_CONTENT, WEBHOOK_METHODS,
  type MessagingServiceSettings, type ScanMessageContent, type WebhookMethod,
} from '../../domain/messaging/service.ts';

/** Every field optional: `undefined` leaves the setting as it is; an empty URL clears it. */
export interface MessagingServiceInput {
  readonly friendlyName?: string;
  readonly inboundRequestUrl?: string;
  readonly inboundMethod?: string;
  readonly fallbackUrl?: string;
  readonly fallbackMethod?: string;
  readonly statusCallback?: string;
  readonly stickySender?: boolean;
  readonly mmsConverter?: boolean;
  readonly smartEncoding?: boolean;
  readonly scanMessageContent?: string;
  readonly fallbackToLongCode?: boolean;
  readonly areaCodeGeomatch?: boolean;
  readonly validityPeriod?: number;
  readonly synchronousValidation?: boolean;
  readonly usecase?: string;
  readonly useInboundWebhookOnNumber?: boolean;
}

/** Twilio's limit for a messaging service's FriendlyName. */
export const MAX_FRIENDLY_NAME = 64;
const MAX_USECASE = 64;

export const checkFriendlyName = (name: string): string => {
  if (name.trim() === '' || name.length > MAX_FRIENDLY_NAME) throw invalidParameter('FriendlyName', `Expected 1 to ${MAX_FRIENDLY_NAME} characters.`);
  return name;
};

const url = (name: string, value: string | undefined, current: string | null): string | null =>
  value === undefined ? current : value === '' ? null : checkHttpUrl(name, value);

const method = (name: string, value: string | undefined, current: WebhookMethod): WebhookMethod => {
  if (value === undefined) return current;
  const upper = value.toUpperCase();
  const found = WEBHOOK_METHODS.find((m) => m === upper);
  if (!found) throw invalidParameter(name, 'Expected GET or POST.');
  return found;
};

const scan = (value: string | undefined, current: ScanMessageContent): ScanMessageContent => {
  if (value === undefined) return current;
  const found = SCAN_MESSAGE_CONTENT.find((s) => s === value.toLowerCase());
  if (!found) throw invalidParameter('ScanMessageContent', `Expected one of ${SCAN_MESSAGE_CONTENT.join(', ')}.`);
  return found;
};

const validity = (value: number | undefined, current: number): number => {
  if (value === undefined) return current;
  if (!Number.isInteger(value) || value < MIN_VALIDITY_PERIOD || value > MAX_VALIDITY_PERIOD) {
    throw invalidParameter('ValidityPeriod', `Expected whole seconds from ${MIN_VALIDITY_PERIOD} to ${MAX_VALIDITY_PERIOD}.`);
  }
  return value;
};

const usecase = (value: string | undefined, current: string): string => {
  if (value === undefined) return current;
  if (!/^[a-z0-9_-]{1,64}$/i.test(value) || value.length > MAX_USECASE) throw invalidParameter('Usecase', 'Expected a use case name such as notifications or marketing.');
  return value.toLowerCase();
};

/** The settings after applying `input` to `current`; throws 80701 naming the first bad parameter. */
export const applyMessagingInput = (current: MessagingServiceSettings, input: MessagingServiceInput): MessagingServiceSettings => ({
  inboundRequestUrl: url('InboundRequestUrl', input.inboundRequestUrl, current.inboundRequestUrl),
  inboundMethod: method('InboundMethod', input.inboundMethod, current.inboundMethod),
  fallbackUrl: url('FallbackUrl', input.fallbackUrl, current.fallbackUrl),
  fallbackMethod: method('FallbackMethod', input.fallbackMethod, current.fallbackMethod),
  statusCallback: url('StatusCallback', input.statusCallback, current.statusCallback),
  stickySender: input.stickySender ?? current.stickySender,
  mmsConverter: input.mmsConverter ?? current.mmsConverter,
  smartEncoding: input.smartEncoding ?? current.smartEncoding,
  scanMessageContent: scan(input.scanMessageContent, current.scanMessageContent),
  fallbackToLongCode: input.fallbackToLongCode ?? current.fallbackToLongCode,
  areaCodeGeomatch: input.areaCodeGeomatch ?? current.areaCodeGeomatch,
  validityPeriod: validity(input.validityPeriod, current.validityPeriod),
  synchronousValidation: input.synchronousValidation ?? current.synchronousValidation,
  usecase: usecase(input.usecase, current.usecase),
  useInboundWebhookOnNumber: input.useInboundWebhookOnNumber ?? current.useInboundWebhookOnNumber,
});
