// The InterceptCallbackUrl (Twilio Proxy §6.2): asked before an interaction is proxied. Only an explicit
// HTTP 403 blocks it. Everything else, a slow or unreachable application included, lets the traffic
// through: the carrier is waiting on this answer, and a customer outage must not silence every session.
import type { Interaction } from '../../domain/interaction.ts';
import type { Service } from '../../domain/service.ts';
import type { AccountRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { interactionCallbackParams } from './interaction-callback.ts';
import { authTokenOf, describeFailure } from './wire.ts';

export interface InterceptAnswer {
  readonly allowed: boolean;
  /** The HTTP status the application answered with; null without a URL or without an answer. */
  readonly status: number | null;
  /** Why there was no answer (timeout, network, refused destination); null otherwise. */
  readonly error: string | null;
}

/** Calls InterceptCallbackUrl (no URL → allowed). HTTP 403 blocks; any other status, a timeout or a network error lets it through. */
export async function askIntercept(deps: DepsWith<AccountRepo, 'webhooks' | 'settings'>, service: Service, interaction: Interaction): Promise<InterceptAnswer> {
  if (!service.interceptCallbackUrl) return { allowed: true, status: null, error: null };
  const authToken = await authTokenOf(deps, service.accountSid);
  try {
    const response = await deps.webhooks.post({
      url: service.interceptCallbackUrl,
      params: interactionCallbackParams(interaction, { includeOutbound: false }),
      authToken,
      timeoutMs: deps.settings.callbacks.interceptTimeoutMs,
    });
    return { allowed: response.status !== 403, status: response.status, error: null };
  } catch (err) {
    return { allowed: true, status: null, error: describeFailure(err) };
  }
}
