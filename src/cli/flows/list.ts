// `masq flows list`: the account's flows, every page followed.
import { parseArgs } from 'node:util';
import { isRecord, MasqClient, text, type JsonObject } from '../numbers/client.ts';
import { COMMON_HELP, COMMON_OPTIONS, parseCommandLine, printJson } from '../numbers/command.ts';
import { CONNECTION_HELP, resolveConnection } from '../numbers/connection.ts';
import { EXIT, type CliIo } from '../numbers/io.ts';
import { renderTable } from '../numbers/table.ts';
import { runFlowCommand } from './flow-command.ts';

export const FLOW_LIST_HELP = `Usage: masq flows list [options]

Lists the account's flows with their latest revision.

Options:
${COMMON_HELP}

${CONNECTION_HELP}
`;

const MAX_PAGES = 100;

export const runFlowList = (argv: readonly string[], io: CliIo): Promise<number> => runFlowCommand(io, 'list', async () => {
  const { values } = parseCommandLine(() => parseArgs({ args: [...argv], options: COMMON_OPTIONS, allowPositionals: false, strict: true }));
  if (values.help) {
    io.stdout(FLOW_LIST_HELP);
    return EXIT.ok;
  }
  const client = new MasqClient(resolveConnection(values, io.env));
  const flows: JsonObject[] = [];
  let url: string | null = client.masqUrl('/masq/v1/Flows', new URLSearchParams({ PageSize: '1000' }));
  for (let pages = 0; url !== null && pages < MAX_PAGES; pages += 1) {
    const page: JsonObject | null = await client.request('GET', url);
    const items = page && Array.isArray(page.flows) ? page.flows.filter(isRecord) : [];
    flows.push(...items);
    const meta = page && isRecord(page.meta) ? page.meta : null;
    url = meta && items.length > 0 ? text(meta, 'next_page_url') : null;
  }
  if (values.json) printJson(io, flows);
  else if (flows.length === 0) io.stdout('No flows.\n');
  else io.stdout(renderTable(['SID', 'Name', 'Revision', 'Updated'], flows.map((f) => [text(f, 'sid'), text(f, 'friendly_name'), String(f.revision ?? ''), text(f, 'date_updated')])));
  return EXIT.ok;
});
