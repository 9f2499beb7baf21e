// `masq flows attach FW... <number>`: the flow answers the number's calls and messages from now on (its
// latest revision, or --revision n pinned); `--detach` gives the number back to its VoiceUrl / SmsUrl.
// The number is named by its PN SID or its E.164 (looked up in the account's IncomingPhoneNumbers).
import { parseArgs } from 'node:util';
import { MasqClient, text } from '../numbers/client.ts';
import { COMMON_HELP, COMMON_OPTIONS, parseCommandLine, positiveInt, printJson } from '../numbers/command.ts';
import { CONNECTION_HELP, resolveConnection } from '../numbers/connection.ts';
import { sidOfNumber } from '../numbers/incoming.ts';
import { EXIT, UsageError, type CliIo } from '../numbers/io.ts';
import { FLOW_SID, runFlowCommand } from './flow-command.ts';

export const ATTACH_HELP = `Usage: masq flows attach <FW...> <PN SID | E.164> [options]
       masq flows attach --detach <PN SID | E.164>

Makes the flow answer the number's calls and messages (its FlowSid). masq checks the flow is the account's.

Options:
  --revision <n>   pin the number to this revision (default: it follows the flow's latest revision)
  --detach         take the number's flow off instead (its VoiceUrl / SmsUrl answer again)
${COMMON_HELP}

${CONNECTION_HELP}
`;

const OPTIONS = { ...COMMON_OPTIONS, revision: { type: 'string' }, detach: { type: 'boolean' } } as const;
const PN_SID = /^PN[0-9a-fA-F]{32}$/;
const E164 = /^\+[1-9]\d{1,14}$/;

const targetOf = (positionals: readonly string[], detach: boolean): { flow: string; number: string } => {
  const [first, second, ...extra] = positionals;
  const flow = detach ? '' : first;
  const number = detach ? first : second;
  if (extra.length > 0 || (detach && second !== undefined)) throw new UsageError('too many arguments: a flow and one number');
  if (flow === undefined || (!detach && !FLOW_SID.test(flow))) throw new UsageError(`'${flow ?? ''}' is not a flow SID (FW followed by 32 hex digits)`);
  if (number === undefined) throw new UsageError('which number? Give its PN SID or E.164');
  if (!PN_SID.test(number) && !E164.test(number)) throw new UsageError(`'${number}' is neither a PN SID nor an E.164 number`);
  return { flow, number };
};

export const runAttach = (argv: readonly string[], io: CliIo): Promise<number> => runFlowCommand(io, 'attach', async () => {
  const { values, positionals } = parseCommandLine(() => parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  if (values.help) {
    io.stdout(ATTACH_HELP);
    return EXIT.ok;
  }
  const detach = values.detach === true;
  if (detach && values.revision !== undefined) throw new UsageError('--revision goes with a flow, not with --detach');
  const { flow, number } = targetOf(positionals, detach);
  const client = new MasqClient(resolveConnection(values, io.env));
  const sid = PN_SID.test(number) ? number : await sidOfNumber(client, number);
  if (sid === null) throw new UsageError(`${number} is not among the account's numbers (see 'masq numbers list')`);
  const form = new URLSearchParams({ FlowSid: flow, FlowRevision: values.revision === undefined ? '' : String(positiveInt('revision', values.revision, 1, 999_999_999)) });
  const updated = await client.request('POST', client.accountUrl(`/IncomingPhoneNumbers/${sid}.json`), form);
  if (values.json) printJson(io, updated);
  else if (updated) {
    const pinned = updated.masq_flow_revision === null || updated.masq_flow_revision === undefined ? 'its latest revision' : `revision ${String(updated.masq_flow_revision)}`;
    io.stdout(detach ? `${text(updated, 'phone_number') ?? sid} has no flow now.\n` : `${text(updated, 'phone_number') ?? sid} is answered by flow ${flow} (${pinned}).\n`);
  }
  return EXIT.ok;
});
