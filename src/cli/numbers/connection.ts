// Where masq is and whose credentials to send, as twilio-cli takes them: flags, else the environment
// (`masq serve` prints an `export MASQ_ACCOUNT_SID=... MASQ_AUTH_TOKEN=...` line to paste), else the
// defaults of a local quick start (http://127.0.0.1:3000 and the development account's fixed SID).
import { DEV_ACCOUNT_SID } from '../../app/bootstrap-account.ts';
import type { ClientEnv } from '../../config/from-process.ts';
import { UsageError } from './io.ts';

export interface Connection {
  /** masq's base URL, no trailing slash. */
  readonly url: string;
  /** The account whose resources the 2010 URLs name. */
  readonly accountSid: string;
  /** Basic auth: the account SID and auth token, or an API key (SK...) and its secret. */
  readonly username: string;
  readonly password: string;
}

/** parseArgs options every `masq numbers` command takes. */
export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  'account-sid': { type: 'string' },
  'auth-token': { type: 'string' },
  'api-key': { type: 'string' },
  'api-secret': { type: 'string' },
} as const;

export interface ConnectionFlags {
  readonly url?: string | undefined;
  readonly 'account-sid'?: string | undefined;
  readonly 'auth-token'?: string | undefined;
  readonly 'api-key'?: string | undefined;
  readonly 'api-secret'?: string | undefined;
}

export const DEFAULT_URL = 'http://127.0.0.1:3000';

export const CONNECTION_HELP = `Connection (flags win over the environment):
  --url <url>            masq's base URL [MASQ_URL; default ${DEFAULT_URL}]
  --account-sid <AC...>  the account [MASQ_ACCOUNT_SID; default the development account masq serve creates]
  --auth-token <token>   its auth token [MASQ_AUTH_TOKEN]
  --api-key <SK...>      authenticate with an API key instead of the auth token [MASQ_API_KEY]
  --api-secret <secret>  the API key's secret [MASQ_API_SECRET]
  masq serve prints the line to paste: export MASQ_ACCOUNT_SID=AC... MASQ_AUTH_TOKEN=...`;

const normalizeUrl = (value: string): string => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url: '${value}' is not a URL (e.g. ${DEFAULT_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url: '${value}' must be an http:// or https:// URL`);
  return value.replace(/\/+$/, '');
};

const credentials = (flags: ConnectionFlags, env: ClientEnv, accountSid: string): Pick<Connection, 'username' | 'password'> => {
  const apiKey = flags['api-key'] ?? env.MASQ_API_KEY;
  if (apiKey !== undefined) {
    const secret = flags['api-secret'] ?? env.MASQ_API_SECRET;
    if (!/^SK[0-9a-f]{32}$/i.test(apiKey)) throw new UsageError(`--api-key: '${apiKey}' is not an API key SID (SK...)`);
    if (secret === undefined) throw new UsageError(`the API key ${apiKey} needs its secret: --api-secret or MASQ_API_SECRET`);
    return { username: apiKey, password: secret };
  }
  const token = flags['auth-token'] ?? env.MASQ_AUTH_TOKEN;
  if (token === undefined) {
    throw new UsageError(`no credentials for ${accountSid}: pass --auth-token (or --api-key and --api-secret), or paste the export line \`masq serve\` printed (MASQ_ACCOUNT_SID, MASQ_AUTH_TOKEN)`);
  }
  return { username: accountSid, password: token };
};

export const resolveConnection = (flags: ConnectionFlags, env: ClientEnv): Connection => {
  const url = normalizeUrl(flags.url ?? env.MASQ_URL ?? DEFAULT_URL);
  const accountSid = flags['account-sid'] ?? env.MASQ_ACCOUNT_SID ?? DEV_ACCOUNT_SID;
  // An API key is a username, not an account: the 2010 URLs still need the account it belongs to.
  if (/^SK/i.test(accountSid)) throw new UsageError(`${accountSid} is an API key: pass it as --api-key (MASQ_API_KEY) with --api-secret, and the account as --account-sid AC...`);
  if (!/^AC[0-9a-f]{32}$/i.test(accountSid)) throw new UsageError(`--account-sid: '${accountSid}' is not an account SID (AC followed by 32 hex digits)`);
  return { url, accountSid, ...credentials(flags, env, accountSid) };
};
