// What every use case receives from the composition root (src/runtime.ts).
import type { Mailer } from '../ports/mailer.ts';
import type { RecordingStorage } from '../ports/recording-storage.ts';
import type { RateCards } from '../domain/usage/rate-card.ts';
import type { CarrierAccounts } from '../ports/carrier.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Store } from '../ports/store.ts';
import type { WebhookSender } from '../ports/webhook-sender.ts';
import type { SmsGatingMode } from '../domain/messaging/sms-gate.ts';
import type { SmsGateEvents } from '../ports/sms-gate-events.ts';

/** What to do with traffic that matches no open session when the service has no OutOfSessionCallbackUrl. */
export type OutOfSessionDefault = { readonly kind: 'silence' } | { readonly kind: 'reply'; readonly text: string };

export interface CallbackSettings {
  /** InterceptCallbackUrl: a slow answer lets the interaction through after this long. */
  readonly interceptTimeoutMs: number;
  /** OutOfSessionCallbackUrl: the carrier is waiting on us, so this stays short too. */
  readonly outOfSessionTimeoutMs: number;
  /** Each CallbackUrl delivery attempt; jobs are leased for twice this plus 5 s (run-jobs.ts). */
  readonly deliveryTimeoutMs: number;
  /** Attempts before a callback job is given up (it stays visible with its last error). */
  readonly maxDeliveryAttempts: number;
  readonly outOfSessionDefault: OutOfSessionDefault;
}

export interface AppSettings {
  /** The carrier account new inventory numbers belong to (MASQ_DEFAULT_CARRIER). */
  readonly defaultCarrier: string;
  /** Per-service pool limit applied when a service sets none; null = unlimited. */
  readonly defaultPoolLimit: number | null;
  readonly callbacks: CallbackSettings;
  /** US SMS registration gating for accounts whose policy sets none (MASQ_SMS_GATING); absent means 'warn'. */
  readonly smsGating?: SmsGatingMode;
  /** Each carrier account's rate card (the `rates` setting); absent: each account's kind default (app/cost-records.ts). */
  readonly rateCards?: RateCards;
  /**
   * masq's public base URL (MASQ_PUBLIC_URL, no trailing slash), for URLs handed out outside a request (a
   * recording's RecordingUrl in a callback); absent or null when it comes from each request's Host header.
   */
  readonly publicUrl?: string | null;
}

export const DEFAULT_CALLBACK_SETTINGS: CallbackSettings = {
  interceptTimeoutMs: 3_000,
  outOfSessionTimeoutMs: 5_000,
  deliveryTimeoutMs: 10_000,
  maxDeliveryAttempts: 12,
  outOfSessionDefault: { kind: 'silence' },
};

export interface AppDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly carriers: CarrierAccounts;
  readonly webhooks: WebhookSender;
  readonly settings: AppSettings;
  /** Sends gating let through in 'warn' mode are reported here (a log line, a counter); optional. */
  readonly smsGateEvents?: SmsGateEvents;
  /** Email out (flows' voicemail and message-by-email actions): SMTP, or refusing when none is configured. */
  readonly mailer: Mailer;
  /** Recordings' audio (local disk by default). */
  readonly recordingStorage: RecordingStorage;
}

/** What a use case may need besides the store. */
export type Collaborator = Exclude<keyof AppDeps, 'store'>;

/**
 * A store narrowed to the repositories R (ports/store.ts), e.g. `StoreOf<SessionRepo & ParticipantRepo>`;
 * its transactions see the same ones. The real Store is a StoreOf every combination of its repositories.
 */
export type StoreOf<R> = R & {
  /** Runs `work` in one transaction; rolled back if it throws. Nested calls join the outer transaction. */
  transaction<T>(work: (tx: R) => Promise<T>): Promise<T>;
};

/**
 * The deps of a use case that names what it uses: the repositories R and the collaborators K, e.g.
 * `DepsWith<ServiceRepo, 'clock' | 'ids'>`. Callers pass their AppDeps as it is (it has all of them); a
 * use case passes its own deps on to any use case that needs no more than it has.
 */
export type DepsWith<R, K extends Collaborator = never> = Pick<AppDeps, K> & { readonly store: StoreOf<R> };
