// A call's cost, once its duration is known (record-resource-status.ts, in that transaction): each leg
// that reports a duration is billed on its own, rounded up to the card's increment. A masked call has two
// legs: the inbound one on the proxy number the caller dialled (calls-inbound-local/tollfree/mobile), and
// the bridged outbound one from the partner's proxy number (calls-outbound). `KI…:call-in` and
// `KI…:call-out` name them: a leg reported twice (both ends hang up, a retried status webhook) bills once.
import type { Interaction } from '../domain/interaction.ts';
import type { CostRecord } from '../domain/usage/cost-record.ts';
import { rateCallLeg, ratedNumberType } from '../domain/usage/rating.ts';
import type { NumberRepo, ParticipantRepo } from '../ports/store.ts';
import { costRecord, rateCardFor } from './cost-records.ts';
import type { AppDeps } from './deps.ts';

export const callLegCosts = async (
  deps: Pick<AppDeps, 'ids' | 'settings'>, tx: ParticipantRepo & NumberRepo, interaction: Interaction, leg: 'inbound' | 'outbound', durationSeconds: number,
): Promise<CostRecord[]> => {
  if (interaction.type !== 'voice' || durationSeconds <= 0) return [];
  // Each leg names its participant: the caller on the inbound leg (it dialled that participant's proxy
  // number), the partner on the outbound leg (called from the partner's proxy number).
  const participantSid = interaction[leg].participantSid;
  const party = participantSid === null ? null : await tx.findParticipant(interaction.sessionSid, participantSid);
  if (party === null) return [];
  const number = party.proxyIdentifierSid ? await tx.findNumberBySid(interaction.accountSid, party.proxyIdentifierSid) : null;
  const carrier = number?.carrier ?? deps.settings.defaultCarrier;
  const card = rateCardFor(deps, carrier);
  const priced = rateCallLeg(card, { direction: leg, numberType: ratedNumberType(party.proxyIdentifier), durationSeconds });
  if (priced === null) return [];
  return [costRecord(deps, card, {
    accountSid: interaction.accountSid, resourceSid: interaction.sid, eventKey: `${interaction.sid}:call-${leg === 'inbound' ? 'in' : 'out'}`,
    carrier, numberSid: party.proxyIdentifierSid, phoneNumber: party.proxyIdentifier, serviceSid: interaction.serviceSid, occurredAt: interaction.dateCreated,
  }, priced)];
};
