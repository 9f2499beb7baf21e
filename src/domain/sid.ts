// SIDs: a two-letter prefix and 32 lowercase hex digits, as Twilio's. Randomness is injected so the
// domain stays deterministic under test.

export const SID_PREFIXES = {
  account: 'AC',
  apiKey: 'SK',
  service: 'KS',
  session: 'KC',
  participant: 'KP',
  interaction: 'KI',
  phoneNumber: 'PN',
  shortCode: 'SC',
  message: 'SM',
  call: 'CA',
  chatService: 'IS',
  messagingService: 'MG',
  brandRegistration: 'BN',
  usAppToPerson: 'QE',
  tollfreeVerification: 'HH',
  // A Trust Hub bundle; masq's are brand profiles (POST /masq/v1/BrandProfiles).
  bundle: 'BU',
  portInRequest: 'KW',
  portInPhoneNumber: 'PU',
  portOutRequest: 'PO',
  costRecord: 'CR',
  // Programmable numbers (issue 14): a call/message routed by a number's application, a flow (as Studio's), a recording.
  numberTraffic: 'NT',
  flow: 'FW',
  recording: 'RE',
} as const;

export type SidKind = keyof typeof SID_PREFIXES;
export type SidPrefix = (typeof SID_PREFIXES)[SidKind];

/** Returns `bytes` random bytes; production passes crypto.randomBytes, tests a seeded source. */
export type RandomBytes = (bytes: number) => Uint8Array;

export type SidGenerator = (kind: SidKind) => string;

export const createSidGenerator = (random: RandomBytes): SidGenerator => (kind) =>
  SID_PREFIXES[kind] + Buffer.from(random(16)).toString('hex');

const SID_BODY = /^[0-9a-fA-F]{32}$/;

/** True when `value` is a well-formed SID of this kind (Twilio accepts either hex case). */
export const isSid = (kind: SidKind, value: string): boolean =>
  value.length === 34 && value.startsWith(SID_PREFIXES[kind]) && SID_BODY.test(value.slice(2));

const ANY_SID = /^[A-Za-z]{2}[0-9a-fA-F]{32}$/;

/**
 * True when `value` has a SID's shape, whatever its prefix. Paths take a SID or a UniqueName, and the SID
 * is looked up first: a UniqueName of this shape would answer for a SID it does not own (another or a
 * deleted resource's), so such names are refused.
 */
export const looksLikeSid = (value: string): boolean => ANY_SID.test(value);
