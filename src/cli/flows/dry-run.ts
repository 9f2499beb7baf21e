// `masq flows dry-run FW... --from +1...`: what the flow would do with a call (or a message) from that
// caller at that time, node by node: the condition that matched, the keys pressed, what each node would
// do. Nothing is sent, dialed or posted.
import { parseArgs } from 'node:util';
import { isRecord, MasqClient, text, type JsonObject } from '../numbers/client.ts';
import { COMMON_HELP, COMMON_OPTIONS, parseCommandLine, positiveInt, printJson } from '../numbers/command.ts';
import { CONNECTION_HELP, resolveConnection } from '../numbers/connection.ts';
import { EXIT, UsageError, type CliIo } from '../numbers/io.ts';
import { flowSidArg, runFlowCommand } from './flow-command.ts';

export const DRY_RUN_HELP = `Usage: masq flows dry-run <FW...> --from <E.164> [options]

Plays a call (or a message) through the flow and prints the path it takes. Nothing is sent.

Options:
  --from <E.164>         the caller or sender (required)
  --at <date-time>       when: ISO 8601, e.g. 2026-12-06T21:00-05:00 (no offset means UTC) [default: now]
  --channel <voice|message>                                                           [default: voice]
  --digits <keys>        what the caller presses at each menu in turn, comma separated (an empty entry is
                         silence), e.g. 9,1
  --attestation <A|B|C|none>   the call's STIR/SHAKEN attestation                     [default: none]
  --dial-status <completed|busy|no-answer|failed>   how forwards end                  [default: completed]
  --body <text>          the message text (--channel message)
  --to <E.164>           the number called
  --revision <n>         a revision of the flow                                       [default: the latest]
${COMMON_HELP}

${CONNECTION_HELP}
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
  at: { type: 'string' },
  channel: { type: 'string' },
  digits: { type: 'string' },
  attestation: { type: 'string' },
  'dial-status': { type: 'string' },
  body: { type: 'string' },
  revision: { type: 'string' },
} as const;

const FIELDS = [['from', 'From'], ['to', 'To'], ['at', 'At'], ['channel', 'Channel'], ['digits', 'Digits'], ['attestation', 'Attestation'], ['dial-status', 'DialStatus'], ['body', 'Body']] as const;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

const render = (answer: JsonObject): string => {
  const path = Array.isArray(answer.path) ? answer.path.filter(isRecord) : [];
  const steps = path.map((step, i) => {
    const actions = strings(step.actions).map((a) => `       ${a}\n`).join('');
    return `  ${String(i + 1).padStart(2)}. ${text(step, 'node') || '-'} (${text(step, 'type') ?? '?'}): ${text(step, 'why') ?? ''}\n${actions}`;
  });
  const head = `Flow ${text(answer, 'flow_sid') ?? '?'} revision ${String(answer.revision ?? '?')}, ${text(answer, 'channel') ?? '?'} at ${text(answer, 'at') ?? '?'}\n`;
  return `${head}${steps.join('')}Outcome: ${text(answer, 'outcome') ?? '?'}\n`;
};

export const runDryRun = (argv: readonly string[], io: CliIo): Promise<number> => runFlowCommand(io, 'dry-run', async () => {
  const { values, positionals } = parseCommandLine(() => parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  if (values.help) {
    io.stdout(DRY_RUN_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError('one flow at a time');
  const sid = flowSidArg(positionals[0], 'the flow');
  if (values.from === undefined) throw new UsageError('--from is required: the E.164 number of the caller or sender');
  const form = new URLSearchParams();
  for (const [flag, field] of FIELDS) {
    const value = values[flag];
    if (value !== undefined) form.set(field, value);
  }
  if (values.revision !== undefined) form.set('Revision', String(positiveInt('revision', values.revision, 1, 999_999_999)));
  const client = new MasqClient(resolveConnection(values, io.env));
  const answer = await client.request('POST', client.masqUrl(`/masq/v1/Flows/${sid}/DryRun`), form);
  if (values.json) printJson(io, answer);
  else if (answer) io.stdout(render(answer));
  return EXIT.ok;
});
