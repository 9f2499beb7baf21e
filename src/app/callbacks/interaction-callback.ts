// The CallbackUrl webhook (Twilio Proxy §6.1): informational, fired for each new interaction and again
// whenever one of its legs changes status. It is a job (callback-job.ts), written in the same transaction
// as the interaction itself, so a callback masq owes can never be lost (invariant 4).
import type { Interaction, InteractionLeg, InteractionType } from '../../domain/interaction.ts';
import type { Service } from '../../domain/service.ts';
import type { JobRepo, NewJob } from '../../ports/store.ts';
import { callbackJob, type JobMinting } from './callback-job.ts';
import { wireDate } from './wire.ts';

/** Twilio capitalises the interaction type in callbacks ('Voice'), unlike the REST field ('voice'). */
const CALLBACK_TYPE: Readonly<Record<InteractionType, string>> = { message: 'Message', voice: 'Voice', unknown: 'Unknown' };

/** Every leg parameter is always sent; an unknown value is an empty string, as Twilio sends interactionData. */
const legParams = (prefix: 'inbound' | 'outbound', leg: InteractionLeg): Record<string, string> => ({
  [`${prefix}ParticipantSid`]: leg.participantSid ?? '',
  [`${prefix}ResourceSid`]: leg.resourceSid ?? '',
  // The REST resource says 'Message'/'Call'; the callback says 'message'/'call'.
  [`${prefix}ResourceType`]: leg.resourceType?.toLowerCase() ?? '',
  [`${prefix}ResourceStatus`]: leg.resourceStatus ?? '',
  [`${prefix}ResourceUrl`]: leg.resourceUrl ?? '',
});

/**
 * The CallbackUrl form parameters (§6.1) for an interaction. The intercept callback passes
 * `includeOutbound: false`: it runs before the outbound leg exists.
 */
export function interactionCallbackParams(interaction: Interaction, opts: { includeOutbound?: boolean } = {}): Record<string, string> {
  return {
    interactionSid: interaction.sid,
    interactionSessionSid: interaction.sessionSid,
    interactionServiceSid: interaction.serviceSid,
    interactionAccountSid: interaction.accountSid,
    interactionType: CALLBACK_TYPE[interaction.type],
    interactionData: interaction.data ?? '',
    interactionDateCreated: wireDate(interaction.dateCreated),
    interactionDateUpdated: wireDate(interaction.dateUpdated),
    ...legParams('inbound', interaction.inbound),
    ...((opts.includeOutbound ?? true) ? legParams('outbound', interaction.outbound) : {}),
  };
}

/** The job the service's CallbackUrl is owed for an interaction: one, or none without a CallbackUrl. */
export function interactionCallbackJobs(deps: JobMinting, service: Service, interaction: Interaction): readonly NewJob[] {
  if (!service.callbackUrl) return [];
  return [callbackJob(deps, service.accountSid, { url: service.callbackUrl, params: interactionCallbackParams(interaction) })];
}

/** Enqueues the service's CallbackUrl delivery (no-op without one) in the caller's transaction. */
export async function enqueueInteractionCallback(deps: JobMinting, tx: JobRepo, service: Service, interaction: Interaction): Promise<void> {
  for (const job of interactionCallbackJobs(deps, service, interaction)) await tx.enqueueJob(job);
}
