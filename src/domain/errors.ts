// The one error catalog. Every error masq reports to a caller has a code here; the HTTP layer renders
// it in Twilio's legacy envelope {code, message, more_info, status}. docs/errors.md is checked against
// this table by a test, so the two cannot drift.

export interface ErrorSpec {
  readonly status: number;
  readonly title: string;
}

export const ERROR_CATALOG = {
  20003: { status: 401, title: 'Authenticate' },
  20004: { status: 405, title: 'Method not allowed' },
  20404: { status: 404, title: 'The requested resource was not found' },
  20429: { status: 429, title: 'Too Many Requests' },
  20503: { status: 503, title: 'Service Unavailable' },
  21620: { status: 400, title: 'Invalid media URL(s)' },
  21623: { status: 400, title: 'Number of media files exceeds allowed limit' },
  80101: { status: 400, title: 'Phone number already added to another Service' },
  80103: { status: 400, title: 'Participant already in Session' },
  80104: { status: 400, title: 'Phone number already in Service' },
  80105: { status: 400, title: 'Short code already in Service' },
  80201: { status: 400, title: 'No available voice proxy' },
  80202: { status: 400, title: 'No available message proxy' },
  80203: { status: 400, title: 'No available proxy for country' },
  80205: { status: 400, title: 'No proxies for service' },
  80206: { status: 400, title: 'No available proxy' },
  80207: { status: 400, title: 'No unreserved numbers in pool' },
  80208: { status: 400, title: 'No available unused proxy' },
  80301: { status: 400, title: 'Phone Number SID not found' },
  80303: { status: 400, title: 'Short Code SID not found' },
  80304: { status: 400, title: 'Unmanaged identifier not found' },
  80305: { status: 400, title: 'Unmanaged identifier SID not found' },
  80308: { status: 404, title: 'Session with the unique name not found' },
  80401: { status: 400, title: 'Invalid Account SID' },
  80402: { status: 400, title: 'Invalid Identifier/Proxy pair' },
  80403: { status: 400, title: 'Invalid Interaction SID' },
  80404: { status: 400, title: 'Invalid participant identifier' },
  80405: { status: 400, title: 'Invalid Participant SID' },
  80407: { status: 400, title: 'Invalid Phone Number SID' },
  80408: { status: 400, title: 'Invalid Service SID' },
  80409: { status: 400, title: 'Invalid Session SID' },
  80501: { status: 500, title: 'Storage error' },
  80503: { status: 404, title: 'No records updated' },
  80504: { status: 500, title: 'Internal error' },
  80601: { status: 400, title: 'Phone number not available' },
  80602: { status: 400, title: 'Non-unique Service name' },
  80603: { status: 400, title: 'Non-unique Session name' },
  80604: { status: 400, title: 'Proxy identifier already in use' },
  80605: { status: 400, title: 'Proxy identifier not in this Service' },
  80606: { status: 400, title: 'Proxy identifier not owned by account' },
  80607: { status: 400, title: 'Session is closed and cannot be updated' },
  80608: { status: 400, title: 'Session status change not supported' },
  80609: { status: 400, title: 'Too many participants' },
  80610: { status: 403, title: 'Unauthorized operation' },
  80611: { status: 400, title: 'Proxy number is in active sessions' },
  80612: { status: 400, title: 'Duplicate entry' },
  80613: { status: 502, title: 'Downstream request rejected' },
  80614: { status: 400, title: 'No partner participant found' },
  80616: { status: 400, title: 'Identifier type unsupported for session mode' },
  80622: { status: 400, title: 'Maximum pool size reached' },
  80623: { status: 409, title: 'Duplicate participant request' },
  80701: { status: 400, title: 'Parameter validation failed' },
  80801: { status: 400, title: 'Invalid re-open: participant active in another session' },
  80901: { status: 400, title: 'Message matched an opt-out word' },
  80902: { status: 400, title: 'No active session' },
  80903: { status: 400, title: 'Unknown participant' },
  80904: { status: 400, title: 'Expired proxy session' },
  80905: { status: 400, title: 'Unknown scenario' },
  80909: { status: 403, title: 'Inbound contact rejected by intercept callback' },
  80910: { status: 400, title: 'Message to a voice-only session' },
  80911: { status: 400, title: 'Call to a message-only session' },
  80913: { status: 502, title: 'Out-of-session callback failed' },
} as const satisfies Record<number, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** The one error type masq raises on purpose. `message` is safe to show a caller. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, message?: string, detail?: string) {
    super(message ?? ERROR_CATALOG[code].title);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOG[code].status;
    this.detail = detail;
  }
}

export const moreInfoUrl = (code: number): string => `https://www.twilio.com/docs/errors/${code}`;

/** 80701: the Twilio wording for a rejected parameter. */
export const invalidParameter = (name: string, why?: string): AppError =>
  new AppError(80701, `'${name}' is invalid.${why ? ` ${why}` : ''}`);

export const notFound = (path: string): AppError =>
  new AppError(20404, `The requested resource ${path} was not found`);
