// The account a 2010 URL acts on: /2010-04-01/Accounts/{AccountSid}/... must name the caller's own
// account or an active subaccount the caller owns and reaches with its auth token (Twilio: an owner's
// credentials work on its subaccounts' 2010 resources, its API keys do not). Any other reads as 404, like
// every resource masq does not show the caller: a subaccount never learns its siblings or owner exist.
import type { FastifyRequest } from 'fastify';
import { accountToActFor } from '../../../app/account-family.ts';
import { notFound } from '../../../domain/errors.ts';
import { accountOf } from '../../plugins/auth.ts';
import { pathOf, type RouteContext } from '../common.ts';

/** The SID of the account the request acts on; throws 404 when the caller may not act on it. */
export const urlAccount = async (request: FastifyRequest, ctx: RouteContext, accountSid: string): Promise<string> => {
  const principal = { account: accountOf(request), apiKeySid: request.apiKeySid };
  const account = await accountToActFor(ctx.deps, principal, accountSid);
  if (!account) throw notFound(pathOf(request));
  return account.sid;
};
