// POST /v1/Services.
import { AppError, invalidParameter } from '../domain/errors.ts';
import { checkHttpUrl } from '../domain/http-url.ts';
import { DEFAULT_DIAL_RULES, type GeoMatchLevel, type NumberSelectionBehavior, type Service } from '../domain/service.ts';
import { isSid, looksLikeSid } from '../domain/sid.ts';
import { StoreConflict, type ServiceRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

export interface ServiceInput {
  readonly uniqueName?: string;
  readonly defaultTtl?: number;
  readonly callbackUrl?: string | null;
  readonly interceptCallbackUrl?: string | null;
  readonly outOfSessionCallbackUrl?: string | null;
  readonly geoMatchLevel?: GeoMatchLevel;
  readonly numberSelectionBehavior?: NumberSelectionBehavior;
  readonly chatInstanceSid?: string | null;
  // masq extensions (parameters Twilio clients never send):
  readonly argentinaMobileNine?: boolean;
  readonly mexicoLegacyOne?: boolean;
  /** null = the default opt-out words; [] = forward everything. */
  readonly optOutWords?: readonly string[] | null;
  /** null = the installation's MASQ_POOL_LIMIT. */
  readonly poolLimit?: number | null;
}

/** Twilio's limit for service and session unique names. */
export const MAX_UNIQUE_NAME = 191;

const checkUrl = (name: string, value: string | null | undefined): void => {
  if (value) checkHttpUrl(name, value);
};

/** Services and sessions: a name shaped like a SID could shadow another resource's SID in a path. */
export const checkUniqueNameShape = (uniqueName: string | null | undefined): void => {
  if (uniqueName && looksLikeSid(uniqueName)) throw invalidParameter('UniqueName', 'It must not look like a SID (two letters and 32 hex digits).');
};

/** Rules shared by create and update; names are the wire's, since they end up in the caller's error. */
export const checkServiceInput = (input: ServiceInput): void => {
  if (input.uniqueName !== undefined && (input.uniqueName.trim() === '' || input.uniqueName.length > MAX_UNIQUE_NAME)) {
    throw invalidParameter('UniqueName', `Expected 1 to ${MAX_UNIQUE_NAME} characters.`);
  }
  checkUniqueNameShape(input.uniqueName);
  if (input.defaultTtl !== undefined && (!Number.isInteger(input.defaultTtl) || input.defaultTtl < 0)) {
    throw invalidParameter('DefaultTtl', 'Expected a whole number of seconds, 0 or more.');
  }
  checkUrl('CallbackUrl', input.callbackUrl);
  checkUrl('InterceptCallbackUrl', input.interceptCallbackUrl);
  checkUrl('OutOfSessionCallbackUrl', input.outOfSessionCallbackUrl);
  if (input.chatInstanceSid && !isSid('chatService', input.chatInstanceSid)) throw invalidParameter('ChatInstanceSid');
  if (input.poolLimit !== undefined && input.poolLimit !== null && (!Number.isInteger(input.poolLimit) || input.poolLimit < 1)) {
    throw invalidParameter('PoolLimit', 'Expected a whole number of numbers, 1 or more.');
  }
  if (input.optOutWords?.some((w) => w.trim() === '' || w.length > 32)) throw invalidParameter('OptOutWords', 'Expected words of 1 to 32 characters.');
};

export const uniqueNameTaken = (err: unknown, name: string | undefined): AppError | null =>
  err instanceof StoreConflict && err.kind === 'service-unique-name'
    ? new AppError('service-name-taken', `Service with unique name '${name ?? ''}' already exists`)
    : null;

export const createService = async (deps: DepsWith<ServiceRepo, 'clock' | 'ids'>, accountSid: string, input: ServiceInput): Promise<Service> => {
  if (input.uniqueName === undefined) throw invalidParameter('UniqueName', 'It is required.');
  checkServiceInput(input);
  const now = deps.clock.now();
  const service: Service = {
    sid: deps.ids.sid('service'),
    accountSid,
    uniqueName: input.uniqueName,
    chatInstanceSid: input.chatInstanceSid || null,
    callbackUrl: input.callbackUrl || null,
    interceptCallbackUrl: input.interceptCallbackUrl || null,
    outOfSessionCallbackUrl: input.outOfSessionCallbackUrl || null,
    defaultTtl: input.defaultTtl ?? 0,
    geoMatchLevel: input.geoMatchLevel ?? 'country',
    numberSelectionBehavior: input.numberSelectionBehavior ?? 'prefer-sticky',
    dialRules: {
      argentinaMobileNine: input.argentinaMobileNine ?? DEFAULT_DIAL_RULES.argentinaMobileNine,
      mexicoLegacyOne: input.mexicoLegacyOne ?? DEFAULT_DIAL_RULES.mexicoLegacyOne,
    },
    // null: the installation's MASQ_POOL_LIMIT applies (AppSettings.defaultPoolLimit).
    poolLimit: input.poolLimit ?? null,
    optOutWords: input.optOutWords ?? null,
    dateCreated: now,
    dateUpdated: now,
  };
  try {
    await deps.store.createService(service);
  } catch (err) {
    throw uniqueNameTaken(err, input.uniqueName) ?? err;
  }
  return service;
};
