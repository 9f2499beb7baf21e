// The one error catalog, keyed by name. A name says what went wrong in masq's words; its entry holds the
// HTTP status and the numeric code that goes on the wire in Twilio's legacy envelope
// {code, message, more_info, status}. Every wire code is one of Twilio's, so a Twilio client's handling
// keeps working. Most names mean what Twilio means by their code and link to Twilio's page; a `masqOnly`
// name borrows a Twilio code for a meaning of masq's own and links to masq's docs/errors.md, which masq
// serves itself (MASQ_ERROR_DOCS_PATH). docs/errors.md is generated from this table and a test keeps the
// two in step; another test fails when an entry is neither raised in src/ nor `reserved`.

interface TwilioMeaning {
  /** The numeric code on the wire. */
  readonly twilioCode: number;
  readonly status: number;
  readonly title: string;
  /** Kept for Twilio compatibility (clients and docs know the code) but never raised by masq today. */
  readonly reserved?: true;
  readonly masqOnly?: never;
}

interface MasqMeaning {
  /** The numeric code on the wire: Twilio's nearest code, borrowed so clients see a number they handle. */
  readonly twilioCode: number;
  readonly status: number;
  readonly title: string;
  /** Twilio has no such error: `more_info` links to masq's own documentation of it. */
  readonly masqOnly: true;
  /** What docs/errors.md says about it. */
  readonly explanation: string;
  readonly reserved?: never;
}

export type ErrorSpec = TwilioMeaning | MasqMeaning;

export const ERROR_CATALOG = {
  'authentication-failed': { twilioCode: 20003, status: 401, title: 'Authenticate' },
  'method-not-allowed': { twilioCode: 20004, status: 405, title: 'Method not allowed' },
  'not-found': { twilioCode: 20404, status: 404, title: 'The requested resource was not found' },
  // Reserved: masq applies no request rate limit; listed because Twilio clients back off on it.
  'too-many-requests': { twilioCode: 20429, status: 429, title: 'Too Many Requests', reserved: true },
  // The number platform (issue 12). Entries not raised yet are marked reserved until their use case lands.
  'account-not-active': { twilioCode: 20005, status: 403, title: 'Account not active' },
  'idempotency-token-busy': {
    twilioCode: 20429, status: 429, title: 'A request with this idempotency token is still in progress', masqOnly: true,
    explanation: 'Another request with the same `I-Twilio-Idempotency-Token` is still at work after the wait. Retry after `Retry-After` seconds: the retry gets the first request\'s answer, or runs afresh if that one failed.',
  },
  'store-unavailable': { twilioCode: 20503, status: 503, title: 'Service Unavailable' },
  // Subaccounts: a closed account changing or reopening, a top-level account's status, a subaccount creating one.
  'account-change-refused': { twilioCode: 21100, status: 400, title: 'Accounts Resource' },
  'area-code-invalid': { twilioCode: 21451, status: 400, title: 'Invalid area code' },
  'area-code-no-numbers': { twilioCode: 21452, status: 400, title: 'No phone numbers found in area code' },
  'phone-number-invalid': { twilioCode: 21421, status: 400, title: 'PhoneNumber is invalid' },
  'phone-number-not-purchasable': { twilioCode: 21422, status: 400, title: 'PhoneNumber is not available' },
  'area-code-on-typed-resource': { twilioCode: 21457, status: 400, title: 'AreaCode parameter not supported for this resource' },
  'phone-number-type-mismatch': { twilioCode: 21458, status: 400, title: 'Phone number type does not match the resource' },
  'account-transfer-not-related': { twilioCode: 21473, status: 400, title: 'AccountSid you are transferring to is not related to the originating owner of the phone number' },
  'account-transfer-not-parent': { twilioCode: 21474, status: 400, title: 'AccountSid you are transferring to is not the parent account of the originating owner' },
  'page-token-invalid': { twilioCode: 21481, status: 400, title: 'Invalid PageToken' },
  // A message to someone who texted an opt-out word to the number it would come from (app/opt-outs.ts).
  'unsubscribed-recipient': { twilioCode: 21610, status: 400, title: 'Attempt to send to unsubscribed recipient' },
  // A reply from a number the account no longer holds, or holds in quarantine (app/programmable-reads/reply-to-traffic.ts).
  'from-number-not-valid': { twilioCode: 21606, status: 400, title: "The 'From' phone number provided is not a valid message-capable phone number for this destination/account" },
  'media-url-invalid': { twilioCode: 21620, status: 400, title: 'Invalid media URL(s)' },
  'too-many-media': { twilioCode: 21623, status: 400, title: 'Number of media files exceeds allowed limit' },
  // 10DLC campaigns and toll-free verifications (app/campaigns/, app/tollfree/; docs/messaging.md).
  'campaign-already-exists': {
    twilioCode: 21710, status: 400, title: 'The Messaging Service already has an A2P campaign', masqOnly: true,
    explanation: 'A Messaging Service carries at most one US A2P 10DLC campaign (`Compliance/Usa2p` or `PreregisteredUsa2p`). Delete the service\'s campaign first, or use another Messaging Service.',
  },
  'brand-not-registered': { twilioCode: 21717, status: 400, title: 'Brand Registration SID for US A2P Campaign Use Case is Not Registered or Not Valid' },
  'sole-proprietor-campaign-limit': {
    twilioCode: 21717, status: 400, title: 'A sole proprietor brand may register one campaign', masqOnly: true,
    explanation: 'TCR allows a SOLE_PROPRIETOR brand a single campaign. Delete its campaign to register another, or register a STANDARD brand.',
  },
  'a2p-use-case-invalid': { twilioCode: 21720, status: 400, title: 'A2P Use Case is Invalid' },
  'campaign-not-updatable': {
    twilioCode: 21725, status: 400, title: 'The campaign cannot be updated in its current status', masqOnly: true,
    explanation: 'A campaign can be updated when it is VERIFIED or FAILED (a FAILED campaign goes back to review); not while the registry reviews it (IN_PROGRESS), and not when it was registered elsewhere (PreregisteredUsa2p).',
  },
  'campaign-suspended': { twilioCode: 21729, status: 400, title: 'The A2P campaign is suspended' },
  'tollfree-verification-exists': {
    twilioCode: 21710, status: 400, title: 'The toll-free number already has a verification', masqOnly: true,
    explanation: 'A toll-free number has one verification under review or approved at a time. Edit a rejected one (`POST /v1/Tollfree/Verifications/{HH}` with `EditReason`) or delete the existing one first.',
  },
  'tollfree-edit-not-allowed': {
    twilioCode: 21725, status: 400, title: 'The toll-free verification cannot be edited', masqOnly: true,
    explanation: 'Only a TWILIO_REJECTED verification whose `edit_expiration` has not passed can be edited (`edit_allowed` is true). Otherwise submit a new verification.',
  },
  // Port-in (app/porting/): a number that cannot port in, or already is in a port (docs/porting.md).
  'port-in-not-portable': { twilioCode: 22133, status: 400, title: 'Phone number is not portable through the API' },
  'port-in-in-progress': { twilioCode: 22137, status: 400, title: 'A port for this phone number is already in progress' },
  'port-in-not-changeable': {
    twilioCode: 22137, status: 400, title: 'The port-in request or number can no longer change', masqOnly: true,
    explanation: 'A port-in that is Completed, Canceled or Expired (or a number that is Completed or Canceled) is final: it cannot be canceled, signed, corrected or resubmitted. Signing through the sandbox needs a request still `Waiting for Signature` whose carrier lets masq collect the signature (the sandbox); Twilio and Telnyx collect it themselves (docs/porting.md). Create a new request for numbers that did not port.',
  },
  // Port-out (app/port-out/): Twilio's "port already in progress", for a number another carrier is taking.
  'number-porting-out': {
    twilioCode: 22137, status: 400, title: 'The phone number is porting out to another carrier', masqOnly: true,
    explanation: 'Another carrier asked for the number with its port-out PIN, and it is leaving masq on the request\'s due date. Until then it cannot be released, and a second port-out request for it is refused. The owner can still reject the request with `POST /masq/v1/PortOuts/{PO}` (`Status=rejected`); see docs/porting.md.',
  },
  'number-in-another-service': { twilioCode: 80101, status: 400, title: 'Phone number already added to another Service' },
  'participant-already-in-session': { twilioCode: 80103, status: 400, title: 'Participant already in Session' },
  'number-already-in-service': { twilioCode: 80104, status: 400, title: 'Phone number already in Service' },
  // Reserved: masq has no short codes, so adding one is refused (80303) before it could be a duplicate.
  'short-code-already-in-service': { twilioCode: 80105, status: 400, title: 'Short code already in Service', reserved: true },
  'no-voice-proxy': { twilioCode: 80201, status: 400, title: 'No available voice proxy' },
  'no-message-proxy': { twilioCode: 80202, status: 400, title: 'No available message proxy' },
  'no-proxy-for-country': { twilioCode: 80203, status: 400, title: 'No available proxy for country' },
  'pool-empty': { twilioCode: 80205, status: 400, title: 'No proxies for service' },
  'no-available-proxy': { twilioCode: 80206, status: 400, title: 'No available proxy' },
  'only-reserved-numbers': { twilioCode: 80207, status: 400, title: 'No unreserved numbers in pool' },
  'no-unused-proxy': { twilioCode: 80208, status: 400, title: 'No available unused proxy' },
  'phone-number-sid-not-found': { twilioCode: 80301, status: 400, title: 'Phone Number SID not found' },
  'short-code-sid-not-found': { twilioCode: 80303, status: 400, title: 'Short Code SID not found' },
  'proxy-identifier-not-found': { twilioCode: 80304, status: 400, title: 'Unmanaged identifier not found' },
  'proxy-identifier-sid-not-found': { twilioCode: 80305, status: 400, title: 'Unmanaged identifier SID not found' },
  'session-name-not-found': { twilioCode: 80308, status: 404, title: 'Session with the unique name not found' },
  // Reserved: the account comes from the credentials; another account's SID in a path is 20003 or 20404.
  'account-sid-invalid': { twilioCode: 80401, status: 400, title: 'Invalid Account SID', reserved: true },
  // Reserved: masq names the part of the pair that is wrong (80404, 80304, 80605) instead.
  'identifier-proxy-pair-invalid': { twilioCode: 80402, status: 400, title: 'Invalid Identifier/Proxy pair', reserved: true },
  'interaction-sid-invalid': { twilioCode: 80403, status: 400, title: 'Invalid Interaction SID' },
  'identifier-invalid': { twilioCode: 80404, status: 400, title: 'Invalid participant identifier' },
  'participant-sid-invalid': { twilioCode: 80405, status: 400, title: 'Invalid Participant SID' },
  'phone-number-sid-invalid': { twilioCode: 80407, status: 400, title: 'Invalid Phone Number SID' },
  // Reserved: a Service is fetched by SID or UniqueName, so anything else is a name that is not found (20404).
  'service-sid-invalid': { twilioCode: 80408, status: 400, title: 'Invalid Service SID', reserved: true },
  // Reserved: a Session is fetched by SID or UniqueName, so anything else is a name that is not found (80308).
  'session-sid-invalid': { twilioCode: 80409, status: 400, title: 'Invalid Session SID', reserved: true },
  // Reserved: a database outage is 20503 (retry) and any other failure 80504; a driver's text never leaves.
  'storage-error': { twilioCode: 80501, status: 500, title: 'Storage error', reserved: true },
  'no-records-updated': { twilioCode: 80503, status: 404, title: 'No records updated' },
  'internal-error': { twilioCode: 80504, status: 500, title: 'Internal error' },
  'phone-number-unavailable': { twilioCode: 80601, status: 400, title: 'Phone number not available' },
  'service-name-taken': { twilioCode: 80602, status: 400, title: 'Non-unique Service name' },
  'session-name-taken': { twilioCode: 80603, status: 400, title: 'Non-unique Session name' },
  'proxy-identifier-in-use': { twilioCode: 80604, status: 400, title: 'Proxy identifier already in use' },
  'proxy-identifier-not-in-service': { twilioCode: 80605, status: 400, title: 'Proxy identifier not in this Service' },
  // Reserved: another account's number is reported as not found (80304), so that accounts cannot probe each other.
  'proxy-identifier-not-owned': { twilioCode: 80606, status: 400, title: 'Proxy identifier not owned by account', reserved: true },
  'session-closed': { twilioCode: 80607, status: 400, title: 'Session is closed and cannot be updated' },
  'session-status-change-unsupported': { twilioCode: 80608, status: 400, title: 'Session status change not supported' },
  'too-many-participants': { twilioCode: 80609, status: 400, title: 'Too many participants' },
  // Twilio's generic 403: a subaccount importing the installation's carrier numbers (import-owned-numbers.ts).
  'unauthorized-operation': { twilioCode: 80610, status: 403, title: 'Unauthorized operation' },
  'sandbox-number-required': {
    twilioCode: 80610, status: 403, title: 'Only numbers on the sandbox carrier can be used here', masqOnly: true,
    explanation: 'Virtual phones and the sandbox carrier text and call only through numbers on the `sandbox` carrier, so the sandbox never sends real traffic. Move the number to the sandbox carrier or use another one.',
  },
  'sandbox-carrier-mix': {
    twilioCode: 80610, status: 403, title: 'A real carrier cannot carry traffic from a sandbox number', masqOnly: true,
    explanation: 'A session\'s proxy numbers are on the sandbox (simulated) carrier and on a real carrier, and a call arrived on the real one: it would be bridged there with the partner\'s sandbox number as caller id, shown to a real phone that cannot call it back. masq refuses it and logs the interaction as blocked. Keep a service\'s pool on the sandbox or on real carriers, not both.',
  },
  'webhook-signature-invalid': {
    twilioCode: 80610, status: 403, title: 'The carrier webhook signature is missing or wrong', masqOnly: true,
    explanation: 'A request to a carrier webhook (`/webhooks/...`) did not carry a valid signature of that carrier account (for Twilio, `X-Twilio-Signature` over the public URL masq is reached at). Check the account\'s credentials and `MASQ_PUBLIC_URL`.',
  },
  'program-step-invalid': {
    twilioCode: 80610, status: 403, title: 'The programmable call step is not one masq issued', masqOnly: true,
    explanation: 'A programmable call\'s step callback (`/webhooks/{account}/program?Step=...`) named no call masq logged on that carrier account, or carried a step token not signed for that call with the owning account\'s auth token (forged, or from another call). The call is hung up and no app is asked; the call log records it as an `error` event. Step tokens stop verifying when the account\'s auth token changes, so calls in progress during a token rotation end this way too.',
  },
  'number-routing-not-configured': {
    twilioCode: 80610, status: 403, title: 'masq cannot point this carrier account\'s numbers at itself', masqOnly: true,
    explanation: 'Buying a number on a Twilio, SignalWire or Telnyx account (or pointing a number imported from one at masq) sets where the carrier sends the number\'s calls and messages: masq\'s webhooks under its public URL (`MASQ_PUBLIC_URL`) for Twilio and SignalWire, the account\'s `connectionId` and `messagingProfileId` for Telnyx. Without them the number would not route through masq, so masq refuses rather than buy it. Configure what the message names and retry.',
  },
  'proxy-number-in-use': { twilioCode: 80611, status: 400, title: 'Proxy number is in active sessions' },
  'duplicate-entry': { twilioCode: 80612, status: 400, title: 'Duplicate entry' },
  'downstream-rejected': { twilioCode: 80613, status: 502, title: 'Downstream request rejected' },
  'no-partner': { twilioCode: 80614, status: 400, title: 'No partner participant found' },
  'identifier-type-unsupported': { twilioCode: 80616, status: 400, title: 'Identifier type unsupported for session mode' },
  'pool-full': { twilioCode: 80622, status: 400, title: 'Maximum pool size reached' },
  'duplicate-participant-request': { twilioCode: 80623, status: 409, title: 'Duplicate participant request' },
  'parameter-invalid': { twilioCode: 80701, status: 400, title: 'Parameter validation failed' },
  'reopen-conflict': { twilioCode: 80801, status: 400, title: 'Invalid re-open: participant active in another session' },
  'opt-out-word': { twilioCode: 80901, status: 400, title: 'Message matched an opt-out word' },
  'no-active-session': { twilioCode: 80902, status: 400, title: 'No active session' },
  'unknown-participant': { twilioCode: 80903, status: 400, title: 'Unknown participant' },
  'session-expired': { twilioCode: 80904, status: 400, title: 'Expired proxy session' },
  'unknown-scenario': { twilioCode: 80905, status: 400, title: 'Unknown scenario' },
  'intercept-rejected': { twilioCode: 80909, status: 403, title: 'Inbound contact rejected by intercept callback' },
  'message-to-voice-only-session': { twilioCode: 80910, status: 400, title: 'Message to a voice-only session' },
  'call-to-message-only-session': { twilioCode: 80911, status: 400, title: 'Call to a message-only session' },
  'out-of-session-callback-failed': { twilioCode: 80913, status: 502, title: 'Out-of-session callback failed' },
  // Messaging v1 services and A2P brands (issue 13).
  'messaging-number-in-this-service': { twilioCode: 21710, status: 400, title: 'Phone Number is already in the Messaging Service' },
  'messaging-number-in-another-service': { twilioCode: 21712, status: 400, title: 'Phone Number or Short Code is associated with another Messaging Service' },
  'messaging-pool-full': { twilioCode: 21714, status: 400, title: 'Messaging Service Number Pool size limit reached' },
  'brand-not-resubmittable': { twilioCode: 21725, status: 400, title: 'Brand registration can only be resubmitted when it has FAILED' },
  // A brand's bundle SIDs: masq's bundles are brand profiles (POST /masq/v1/BrandProfiles, docs/messaging.md).
  'bundle-not-found': { twilioCode: 21649, status: 400, title: 'A valid Bundle is required' },
  // US SMS registration gating (domain/messaging/sms-gate.ts): asynchronous, as at Twilio. The send is accepted and the
  // outbound leg fails with the code (interaction data `error_code`); never an HTTP error.
  'sms-tollfree-unverified': { twilioCode: 30032, status: 400, title: 'Toll-Free Number Has Not Been Verified' },
  'sms-campaign-suspended': { twilioCode: 30033, status: 400, title: 'US A2P 10DLC - Campaign Suspended' },
  'sms-unregistered-number': { twilioCode: 30034, status: 400, title: 'US A2P 10DLC - Message from an Unregistered Number' },
  'sms-number-being-configured': { twilioCode: 30035, status: 400, title: 'US A2P 10DLC - Message from a Number Still Being Configured' },
  // masq flows (issue 14, app/flows/): Studio's code for a refused definition; the body lists every problem.
  'flow-definition-invalid': { twilioCode: 81022, status: 400, title: 'Flow definition validation failed' },
  'flow-revision-conflict': {
    twilioCode: 80701, status: 409, title: 'The flow has a newer revision than the one this change was based on', masqOnly: true,
    explanation: 'A flow update sent `ExpectedRevision`, and the flow\'s latest revision is no longer that one: someone saved another revision first. Nothing was saved. Fetch the flow (`GET /masq/v1/Flows/{FW}`), merge your change into its latest definition, and save again with the new `ExpectedRevision`.',
  },
  'flow-in-use': {
    twilioCode: 80611, status: 409, title: 'The flow answers some numbers and cannot be deleted', masqOnly: true,
    explanation: 'A flow is deleted only when no number uses it: the message names the numbers whose `FlowSid` is this flow. Attach those numbers to another flow or clear their `FlowSid` (`POST /masq/v1/PhoneNumbers/{PN}` with `FlowSid=`), then delete the flow.',
  },
} as const satisfies Record<string, ErrorSpec>;

/** A catalog name: what masq raises and compares. */
export type ErrorName = keyof typeof ERROR_CATALOG;

/** A numeric code that can go on the wire (Twilio's). */
export type ErrorCode = (typeof ERROR_CATALOG)[ErrorName]['twilioCode'];

export const isErrorName = (value: string): value is ErrorName => Object.hasOwn(ERROR_CATALOG, value);

/** Every name, in catalog order. */
export const ERROR_NAMES: readonly ErrorName[] = Object.keys(ERROR_CATALOG).filter(isErrorName);

export const errorSpec = (name: ErrorName): ErrorSpec => ERROR_CATALOG[name];

export const twilioCodeOf = (name: ErrorName): ErrorCode => ERROR_CATALOG[name].twilioCode;

export const isMasqOnly = (name: ErrorName): boolean => errorSpec(name).masqOnly === true;

const TWILIO_ERROR_DOCS = 'https://www.twilio.com/docs/errors';
/** Where masq serves docs/errors.md; masq-only errors link to their section there. */
export const MASQ_ERROR_DOCS_PATH = '/docs/errors';

/** Twilio's page for Twilio's errors; masq's own docs, on the server at `masqBase`, for masq-only ones. */
export const moreInfoUrl = (name: ErrorName, masqBase: string): string =>
  isMasqOnly(name) ? `${masqBase}${MASQ_ERROR_DOCS_PATH}#${name}` : `${TWILIO_ERROR_DOCS}/${twilioCodeOf(name)}`;

/** The one error type masq raises on purpose. `message` is safe to show a caller. */
export class AppError extends Error {
  /** The catalog name: compare this. */
  readonly code: ErrorName;
  /** The numeric code the envelope carries. */
  readonly twilioCode: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;

  constructor(name: ErrorName, message?: string, detail?: string) {
    super(message ?? ERROR_CATALOG[name].title);
    this.name = 'AppError';
    this.code = name;
    this.twilioCode = twilioCodeOf(name);
    this.status = ERROR_CATALOG[name].status;
    this.detail = detail;
  }
}

/** 80701: the Twilio wording for a rejected parameter. */
export const invalidParameter = (name: string, why?: string): AppError =>
  new AppError('parameter-invalid', `'${name}' is invalid.${why ? ` ${why}` : ''}`);

export const notFound = (path: string): AppError =>
  new AppError('not-found', `The requested resource ${path} was not found`);
