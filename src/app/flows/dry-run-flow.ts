// POST /masq/v1/Flows/{FW}/DryRun: a call or message played through a revision of the flow at a chosen
// moment, with the caller's keys and the dial outcome given up front. Nothing is sent, dialed or posted.
import { invalidParameter } from '../../domain/errors.ts';
import { DIAL_OUTCOMES, dryRun, type DialOutcome, type DryRunResult } from '../../domain/flows/dry-run.ts';
import type { FlowChannel } from '../../domain/flows/flow-document.ts';
import { checkE164 } from '../../domain/flows/flow-values.ts';
import type { FlowRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { storedDocument } from './flow-definition.ts';
import { fetchFlow, fetchFlowRevision, type FlowWithRevision } from './flow-reads.ts';

export interface DryRunRequest {
  readonly channel: string | null;
  readonly from: string | null;
  readonly to: string | null;
  /** null: now. */
  readonly at: Date | null;
  /** Comma separated, one entry per menu reached; an empty entry is silence. */
  readonly digits: string | null;
  readonly attestation: string | null;
  readonly body: string | null;
  readonly dialStatus: string | null;
  /** null: the latest. */
  readonly revision: number | null;
}

export interface DryRunAnswer extends FlowWithRevision {
  readonly at: Date;
  readonly result: DryRunResult;
}

const channelOf = (value: string | null): FlowChannel => {
  if (value === null || value === 'voice') return 'voice';
  if (value === 'message') return 'message';
  throw invalidParameter('Channel', 'Expected voice or message.');
};

const digitsOf = (value: string | null): string[] => {
  if (value === null || value === '') return [];
  const entries = value.split(',').map((d) => d.trim());
  if (entries.some((d) => !/^[0-9*#]*$/.test(d))) throw invalidParameter('Digits', 'Expected keys (0-9, *, #) per menu, comma separated, such as 1,2 (an empty entry is silence).');
  return entries;
};

const attestationOf = (value: string | null): string | null => {
  if (value === null || value === '' || value === 'none') return null;
  const level = value.toUpperCase();
  if (level !== 'A' && level !== 'B' && level !== 'C') throw invalidParameter('Attestation', 'Expected A, B, C or none.');
  return level;
};

const dialOutcomeOf = (value: string | null): DialOutcome => {
  const found = DIAL_OUTCOMES.find((o) => o === (value ?? 'completed'));
  if (found === undefined) throw invalidParameter('DialStatus', `Expected one of ${DIAL_OUTCOMES.join(', ')}.`);
  return found;
};

const phone = (name: string, value: string | null, required: boolean): string | null => {
  if (value === null || value === '') {
    if (required) throw invalidParameter(name, 'It is required: the E.164 number of the caller or sender.');
    return null;
  }
  const why = checkE164(value);
  if (why !== null) throw invalidParameter(name, `Expected an E.164 number such as +14155550100.`);
  return value;
};

export const dryRunFlow = async (deps: DepsWith<FlowRepo, 'clock'>, accountSid: string, sid: string, req: DryRunRequest): Promise<DryRunAnswer> => {
  const input = {
    channel: channelOf(req.channel),
    from: phone('From', req.from, true) ?? '',
    to: phone('To', req.to, false) ?? '(the number called)',
    at: req.at ?? deps.clock.now(),
    attestation: attestationOf(req.attestation),
    body: req.body ?? '',
    digits: digitsOf(req.digits),
    dialOutcome: dialOutcomeOf(req.dialStatus),
  };
  const found = req.revision === null ? await fetchFlow(deps, accountSid, sid) : await fetchFlowRevision(deps, accountSid, sid, req.revision);
  const result = dryRun(storedDocument(found.revision.definition), { flowSid: found.flow.sid, revision: found.revision.revision }, input);
  return { ...found, at: input.at, result };
};
