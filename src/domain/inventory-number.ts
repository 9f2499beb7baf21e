// A number in an account's inventory: what it is (type, place, capabilities, cost), where it came from
// (carrier account and the carrier's own id), how its owner set it up (Twilio's IncomingPhoneNumber
// fields), and where it is in its lifecycle. Membership of a Proxy pool is a separate record
// (pool-number.ts) with the same PN sid.
//
// Lifecycle (docs/numbers.md):
//   provisioning -> active -> (porting-out) -> [released] -> quarantined -> recycled | returned
//   active -> porting-out -> ported-out (another carrier took it: no quarantine, it is no longer ours)
//                        \-> active (the owner rejected the port-out)
//   provisioning -> failed (the carrier could not fill the order)
// "Released" is the moment the holder gives the number up (date_released): the record goes straight into
// quarantine, where traffic to it is never forwarded. When quarantine ends the number goes back to the
// sandbox's stock (recycled) or to the carrier it came from (returned). A record never comes back to
// life: a number bought again is a new record with a new sid, and the old one stays as its history.
import { AVAILABLE_NUMBER_TYPES, type AvailableNumberType, type NumberCapabilities, type NumberPlace } from './numbering-plan/types.ts';

/** A number's type is one of those numbers are sold as (numbering-plan/types.ts). */
export type NumberType = AvailableNumberType;
export const NUMBER_TYPES: readonly NumberType[] = AVAILABLE_NUMBER_TYPES;

export const NUMBER_STATES = ['provisioning', 'active', 'porting-out', 'quarantined', 'recycled', 'returned', 'failed', 'ported-out'] as const;
export type NumberState = (typeof NUMBER_STATES)[number];

/** States in which a record holds its E.164: at most one live record per number in the installation. */
export const LIVE_STATES: readonly NumberState[] = ['provisioning', 'active', 'porting-out', 'quarantined'];
export const isLive = (state: NumberState): boolean => LIVE_STATES.includes(state);

/** How the number came into the inventory. */
export type NumberOrigin = 'purchased' | 'imported' | 'added' | 'ported-in';

/** The owner's own routing and regulatory settings, as Twilio's IncomingPhoneNumber carries them. */
export interface NumberConfig {
  readonly apiVersion: string;
  readonly voiceUrl: string | null;
  readonly voiceMethod: string;
  readonly voiceFallbackUrl: string | null;
  readonly voiceFallbackMethod: string;
  readonly voiceApplicationSid: string | null;
  readonly voiceCallerIdLookup: boolean;
  readonly voiceReceiveMode: 'voice' | 'fax';
  readonly trunkSid: string | null;
  readonly smsUrl: string | null;
  readonly smsMethod: string;
  readonly smsFallbackUrl: string | null;
  readonly smsFallbackMethod: string;
  readonly smsApplicationSid: string | null;
  readonly statusCallback: string | null;
  readonly statusCallbackMethod: string;
  readonly emergencyStatus: 'Active' | 'Inactive';
  readonly emergencyAddressSid: string | null;
  readonly identitySid: string | null;
  readonly addressSid: string | null;
  readonly bundleSid: string | null;
  /** masq's extension: the flow (FW…) that answers the number's calls and messages, and the revision it is pinned to (null: the latest). */
  readonly flowSid: string | null;
  readonly flowRevision: number | null;
}

export const DEFAULT_NUMBER_CONFIG: NumberConfig = {
  apiVersion: '2010-04-01',
  voiceUrl: null,
  voiceMethod: 'POST',
  voiceFallbackUrl: null,
  voiceFallbackMethod: 'POST',
  voiceApplicationSid: null,
  voiceCallerIdLookup: false,
  voiceReceiveMode: 'voice',
  trunkSid: null,
  smsUrl: null,
  smsMethod: 'POST',
  smsFallbackUrl: null,
  smsFallbackMethod: 'POST',
  smsApplicationSid: null,
  statusCallback: null,
  statusCallbackMethod: 'POST',
  emergencyStatus: 'Inactive',
  emergencyAddressSid: null,
  identitySid: null,
  addressSid: null,
  bundleSid: null,
  flowSid: null,
  flowRevision: null,
};

export interface InventoryNumber {
  readonly sid: string;
  readonly accountSid: string;
  /** E.164 */
  readonly phoneNumber: string;
  readonly friendlyName: string;
  readonly state: NumberState;
  readonly type: NumberType | null;
  readonly origin: NumberOrigin;
  /** The carrier account it is held through ('sandbox', 'twilio', ...). */
  readonly carrier: string;
  /** The carrier's own id for it; null while an order is pending. */
  readonly carrierRef: string | null;
  /** The carrier's order id while provisioning asynchronously. */
  readonly orderRef: string | null;
  readonly place: NumberPlace;
  readonly capabilities: NumberCapabilities;
  /** Monthly cost in USD as a decimal string; null when unknown. */
  readonly monthlyCost: string | null;
  readonly config: NumberConfig;
  /** Last traffic seen on the number (refreshed by the inactivity sweep); null when none yet. */
  readonly lastTrafficAt: Date | null;
  /** Set when the number has had no traffic for the inactivity period. */
  readonly inactiveSince: Date | null;
  /** When the inactivity warning callback was sent (the warn-then-release policy). */
  readonly inactivityWarnedAt: Date | null;
  readonly dateReleased: Date | null;
  readonly quarantineUntil: Date | null;
  /** How many times quarantine was extended because misdirected traffic had not died down. */
  readonly quarantineExtensions: number;
  /** Why the record left the active state (a failed order's reason, "released by the owner"...). */
  readonly stateReason: string | null;
  readonly dateStateChanged: Date;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

/** Twilio's `type` for a number type (toll-free is "tollfree" on the wire there, "toll-free" here). */
export const NUMBER_TYPE_PATHS: Readonly<Record<NumberType, string>> = {
  local: 'Local',
  'toll-free': 'TollFree',
  mobile: 'Mobile',
  national: 'National',
  'shared-cost': 'SharedCost',
  voip: 'Voip',
  'machine-to-machine': 'MachineToMachine',
  'short-code': 'ShortCode',
};
