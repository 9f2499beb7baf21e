// `masq numbers release`: gives numbers up (DELETE IncomingPhoneNumbers/{PN}.json). A number may be named
// by its PN SID or its E.164 (looked up in the account's list). masq refuses to release a number still
// in open Proxy sessions unless --close-sessions (MasqCloseSessions=true) closes them first.
import { parseArgs } from 'node:util';
import { MasqClient } from './client.ts';
import { COMMON_HELP, COMMON_OPTIONS, parseCommandLine, printJson, runCommand } from './command.ts';
import { CONNECTION_HELP, resolveConnection } from './connection.ts';
import { runBatch, reportFailures } from './batch.ts';
import { sidOfNumber } from './incoming.ts';
import { EXIT, UsageError, type CliIo } from './io.ts';
import { renderTable } from './table.ts';

const OPTIONS = {
  ...COMMON_OPTIONS,
  'close-sessions': { type: 'boolean' },
} as const;

export const RELEASE_HELP = `Usage: masq numbers release <PN SID | E.164>... [options]

Releases each number: it leaves the account's inventory at once (masq keeps it in quarantine before
anyone else can have it). Several numbers are released one after the other with a progress bar; a number
that cannot be released is reported with masq's error code and the others are still released.

Options:
  --close-sessions   close the open Proxy sessions that use a number first (MasqCloseSessions=true);
                     without it, a number in open sessions is not released
${COMMON_HELP}

Exit status: 0 when every number was released, 1 when any was not, 2 for a bad command line.

${CONNECTION_HELP}
`;

const PN_SID = /^PN[0-9a-f]{32}$/;
const E164 = /^\+[1-9]\d{1,14}$/;

export const runRelease = (argv: readonly string[], io: CliIo): Promise<number> => runCommand(io, 'release', async () => {
  const { values, positionals } = parseCommandLine(() => parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  if (values.help) {
    io.stdout(RELEASE_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('which numbers? Give PN SIDs or E.164 numbers');
  const bad = positionals.find((p) => !PN_SID.test(p) && !E164.test(p));
  if (bad !== undefined) throw new UsageError(`'${bad}' is neither a PN SID nor an E.164 number`);
  const client = new MasqClient(resolveConnection(values, io.env));
  // A query parameter, as masq reads it on DELETE (a DELETE body is not something every proxy passes on).
  const query = values['close-sessions'] ? new URLSearchParams({ MasqCloseSessions: 'true' }) : undefined;
  const releaseOne = async (item: string): Promise<{ sid: string; phone_number: string | null }> => {
    const sid = PN_SID.test(item) ? item : await sidOfNumber(client, item);
    if (sid === null) throw new Error("not among the account's numbers (see 'masq numbers list')");
    await client.request('DELETE', client.accountUrl(`/IncomingPhoneNumbers/${sid}.json`, query));
    return { sid, phone_number: E164.test(item) ? item : null };
  };
  const outcome = await runBatch(io, 'Releasing', positionals, releaseOne);
  if (values.json) printJson(io, outcome.done);
  else if (outcome.done.length > 0) io.stdout(`Released:\n${renderTable(['SID', 'Phone number'], outcome.done.map((r) => [r.sid, r.phone_number]))}`);
  reportFailures(io, outcome);
  return outcome.failed.length === 0 ? EXIT.ok : EXIT.apiError;
});
