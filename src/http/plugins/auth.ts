// HTTP Basic, as twilio-node sends it: `AC...:auth_token` or `SK...:api_key_secret`. Anything else,
// or nothing, or a closed account's credentials, is Twilio's 401/20003 with its exact wording; a
// suspended account's is 403/20005 (app/authenticate.ts). Resources are then looked up within the
// authenticated account only (2010 URLs may also name a subaccount it owns: routes/v2010/url-account.ts),
// so another account's SID reads as 404, never as a hint that it exists.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from '../../app/authenticate.ts';
import type { AppDeps } from '../../app/deps.ts';
import type { Account } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every authenticated route. */
    account: Account | null;
    /** The API key (SK...) the request authenticated with; null for the account's own auth token. */
    apiKeySid: string | null;
  }
}

const unauthorized = (): AppError => new AppError('authentication-failed', 'Authenticate', 'Your AccountSid or AuthToken was incorrect.');

export const parseBasic = (header: string | undefined): { username: string; password: string } | null => {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
};

/** The authenticated account; routes behind the auth hook always have one. */
export const accountOf = (request: FastifyRequest): Account => {
  if (!request.account) throw unauthorized();
  return request.account;
};

/**
 * Only the account's own credentials may manage API keys: a key that could mint or delete keys would
 * outlive its own revocation. (Twilio's standard keys are refused the same way; masq has no main keys.)
 */
export const requireAccountCredentials = (request: FastifyRequest): Account => {
  const account = accountOf(request);
  if (request.apiKeySid !== null) throw new AppError('authentication-failed', 'Authenticate', 'API keys cannot manage API keys: use the Account SID and auth token.');
  return account;
};

export const decorateAccount = (app: FastifyInstance): void => {
  app.decorateRequest('account', null);
  app.decorateRequest('apiKeySid', null);
};

/** Adds the auth check to every route of `scope` (an encapsulated plugin context). */
export const requireAuth = (scope: FastifyInstance, deps: AppDeps): void => {
  scope.addHook('onRequest', async (request) => {
    const credentials = parseBasic(request.headers.authorization);
    const principal = credentials ? await authenticate(deps, credentials.username, credentials.password) : null;
    if (!principal) throw unauthorized();
    request.account = principal.account;
    request.apiKeySid = principal.apiKeySid;
  });
};
