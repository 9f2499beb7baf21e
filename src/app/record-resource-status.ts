// A carrier reports progress of a message or call leg (delivered, ringing, completed with a duration...).
// The interaction's leg is updated, and the service's CallbackUrl hears about it (Twilio sends the
// informational callback on status changes too), in one transaction. A call that is no interaction's may
// be a programmable number's call (issue 14): its traffic record follows the status (program-status.ts).
import { isStatusProgress, withDataFields, type Interaction, type InteractionLeg, type ResourceStatus } from '../domain/interaction.ts';
import { enqueueInteractionCallback } from './callbacks/interaction-callback.ts';
import type { CostRepo, InteractionRepo, InventoryRepo, JobRepo, NumberRepo, NumberTrafficRepo, ParticipantRepo, ServiceRepo } from '../ports/store.ts';
import { callLegCosts } from './call-costs.ts';
import { recordProgramStatus } from './programmable/program-status.ts';
import type { DepsWith } from './deps.ts';

export interface ResourceStatusUpdate {
  /** Set when the carrier callback names the interaction (masq put it in the callback URL). */
  readonly interactionSid: string | null;
  /** The carrier's id of the message or call; null when the carrier never gave one (a send that failed). */
  readonly resourceSid: string | null;
  readonly resourceType: 'Message' | 'Call';
  readonly status: ResourceStatus;
  readonly durationSeconds?: number | null;
  /** The carrier's URL of the resource, when it gives one. */
  readonly resourceUrl?: string | null;
  /** Fields added to the interaction's data with this status (SMS gating's error_code or masq_warning: sms-gate.ts). */
  readonly dataFields?: Readonly<Record<string, unknown>>;
  /** The carrier account that reported it: with the resource id, it finds a programmable call's traffic record. */
  readonly carrier?: string;
}

const findInteraction = async (deps: DepsWith<InteractionRepo>, u: ResourceStatusUpdate): Promise<Interaction | null> => {
  if (u.interactionSid) return deps.store.findInteractionBySid(u.interactionSid);
  if (u.resourceSid === null) return null;
  return (await deps.store.findInteractionByOutboundResource(u.resourceSid)) ?? (await deps.store.findInboundRecord(u.resourceSid))?.interaction ?? null;
};

/** Which leg the update is about: the inbound one when it names the inbound resource, else the outbound one. */
const legOf = (interaction: Interaction, u: ResourceStatusUpdate): 'inbound' | 'outbound' =>
  u.resourceSid !== null && interaction.inbound.resourceSid === u.resourceSid ? 'inbound' : 'outbound';

/** Twilio writes a call's duration as a string: {"duration":"5"}. */
const withDuration = (data: string | null, seconds: number | null | undefined): string | null =>
  seconds === null || seconds === undefined ? data : withDataFields(data, { duration: String(seconds) });

type Recording = DepsWith<InteractionRepo & ServiceRepo & JobRepo & ParticipantRepo & NumberRepo & CostRepo & NumberTrafficRepo & InventoryRepo, 'clock' | 'ids' | 'settings'>;

/** A call no interaction knows: a programmable call's, when the report says which carrier it came through. */
const recordOtherCall = async (deps: Recording, update: ResourceStatusUpdate): Promise<void> => {
  if (update.carrier === undefined || update.resourceSid === null || update.resourceType !== 'Call') return;
  await recordProgramStatus(deps, { carrier: update.carrier, resourceSid: update.resourceSid, status: update.status, durationSeconds: update.durationSeconds ?? null });
};

export const recordResourceStatus = async (deps: Recording, update: ResourceStatusUpdate): Promise<void> => {
  const interaction = await findInteraction(deps, update);
  if (!interaction) return recordOtherCall(deps, update); // else not ours (or deleted through the API): nothing to record
  const which = legOf(interaction, update);
  const current: InteractionLeg = interaction[which];
  const durationNews = update.durationSeconds !== undefined && update.durationSeconds !== null;
  // The first report of a leg may repeat its status ('queued' again) but bring the carrier's sid: still news.
  const sidNews = current.resourceSid === null && update.resourceSid !== null;
  const dataNews = update.dataFields !== undefined && Object.keys(update.dataFields).length > 0;
  if (!isStatusProgress(current.resourceStatus, update.status) && !sidNews && !dataNews && !(durationNews && current.resourceSid === update.resourceSid)) return;
  const leg: InteractionLeg = {
    ...current,
    resourceSid: current.resourceSid ?? update.resourceSid,
    resourceType: current.resourceType ?? update.resourceType,
    resourceUrl: current.resourceUrl ?? update.resourceUrl ?? null,
    resourceStatus: isStatusProgress(current.resourceStatus, update.status) ? update.status : current.resourceStatus,
  };
  await deps.store.transaction(async (tx) => {
    const updated = await tx.updateInteraction(interaction.sid, {
      [which]: leg,
      data: withDataFields(withDuration(interaction.data, update.durationSeconds), update.dataFields ?? {}),
      dateUpdated: deps.clock.now(),
    });
    const service = updated ? await tx.findService(interaction.accountSid, interaction.serviceSid) : null;
    if (updated && service) await enqueueInteractionCallback(deps, tx, service, updated);
    // A call leg's duration is its cost: billed with the status that brings it (once per leg: call-costs.ts).
    if (updated && update.resourceType === 'Call' && durationNews) await tx.recordCosts(await callLegCosts(deps, tx, updated, which, update.durationSeconds ?? 0));
  });
};
