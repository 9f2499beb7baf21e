// A Messaging v1 Service: a sender pool (numbers) with the settings Twilio's Messaging Services have.
// Only friendly_name is queried; the other settings travel together (stored as one JSON object).

export const SCAN_MESSAGE_CONTENT = ['inherit', 'enable', 'disable'] as const;
export type ScanMessageContent = (typeof SCAN_MESSAGE_CONTENT)[number];

export const WEBHOOK_METHODS = ['GET', 'POST'] as const;
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

/** Twilio's bounds for ValidityPeriod (seconds): 1 to 36,000, default 36,000. */
export const MIN_VALIDITY_PERIOD = 1;
export const MAX_VALIDITY_PERIOD = 36_000;

/**
 * How many numbers one messaging service holds (21714 beyond it). Twilio documents 400 senders per
 * Messaging Service; masq keeps the same limit so an app that fits on Twilio fits here and the reverse.
 */
export const MESSAGING_POOL_LIMIT = 400;

export interface MessagingServiceSettings {
  readonly inboundRequestUrl: string | null;
  readonly inboundMethod: WebhookMethod;
  readonly fallbackUrl: string | null;
  readonly fallbackMethod: WebhookMethod;
  readonly statusCallback: string | null;
  readonly stickySender: boolean;
  readonly mmsConverter: boolean;
  readonly smartEncoding: boolean;
  readonly scanMessageContent: ScanMessageContent;
  readonly fallbackToLongCode: boolean;
  readonly areaCodeGeomatch: boolean;
  readonly validityPeriod: number;
  readonly synchronousValidation: boolean;
  readonly usecase: string;
  readonly useInboundWebhookOnNumber: boolean;
}

/** Twilio's defaults for a service created with only a FriendlyName. */
export const DEFAULT_MESSAGING_SETTINGS: MessagingServiceSettings = {
  inboundRequestUrl: null,
  inboundMethod: 'POST',
  fallbackUrl: null,
  fallbackMethod: 'POST',
  statusCallback: null,
  stickySender: true,
  mmsConverter: true,
  smartEncoding: true,
  scanMessageContent: 'inherit',
  fallbackToLongCode: true,
  areaCodeGeomatch: true,
  validityPeriod: MAX_VALIDITY_PERIOD,
  synchronousValidation: false,
  usecase: 'undeclared',
  useInboundWebhookOnNumber: false,
};

export interface MessagingService {
  readonly sid: string;
  readonly accountSid: string;
  readonly friendlyName: string;
  readonly settings: MessagingServiceSettings;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

/** Twilio's wire names for a pool number's capabilities: ["MMS","SMS","Voice"]. */
export const capabilityNames = (c: { readonly sms: boolean; readonly mms: boolean; readonly voice: boolean }): readonly string[] => [
  ...(c.mms ? ['MMS'] : []),
  ...(c.sms ? ['SMS'] : []),
  ...(c.voice ? ['Voice'] : []),
];
