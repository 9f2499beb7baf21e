// The walkthrough of Twilio's "Phone Number Management" guide, replayed against masq's own use cases:
// two US numbers, three deliveries (Driver X must get a second number), then a UK customer with a US
// driver, each served by a number of their own country.
import { addParticipant } from '../app/add-participant.ts';
import { addPoolNumber } from '../app/add-pool-number.ts';
import { createService } from '../app/create-service.ts';
import { createSession } from '../app/create-session.ts';
import type { AppDeps } from '../app/deps.ts';
import { explainAllocation } from '../app/explain-allocation.ts';

export interface DemoRow {
  readonly session: string;
  readonly participant: string;
  readonly identifier: string;
  readonly proxyNumber: string;
  readonly reason: string;
}

export const DEMO_POOL = ['+14155551212', '+14155553434', '+447700900999'] as const;

const PEOPLE = {
  'Customer A': '+14155550101',
  'Customer B': '+14155550102',
  'Customer C': '+14155550103',
  'Driver X': '+14155550201',
  'Driver Y': '+14155550202',
  'Customer D (UK)': '+447700900123',
  'Driver Z': '+14155550203',
} as const;

type Person = keyof typeof PEOPLE;

const DELIVERIES: readonly (readonly [string, Person, Person])[] = [
  ['Delivery 1', 'Customer A', 'Driver X'],
  ['Delivery 2', 'Customer B', 'Driver Y'],
  ['Delivery 3', 'Customer C', 'Driver X'],
  ['Delivery 4', 'Customer D (UK)', 'Driver Z'],
];

export const runWalkthrough = async (deps: AppDeps, accountSid: string): Promise<DemoRow[]> => {
  const service = await createService(deps, accountSid, { uniqueName: 'masq demo: deliveries' });
  for (const phoneNumber of DEMO_POOL) await addPoolNumber(deps, service, { phoneNumber });
  const rows: DemoRow[] = [];
  for (const [name, ...people] of DELIVERIES) {
    const { session } = await createSession(deps, service, { uniqueName: name });
    for (const person of people) {
      const identifier = PEOPLE[person];
      const { decision, candidates } = await explainAllocation(deps, service, { identifier, sessionSid: session.sid });
      // Say why a number the participant might have expected was passed over (Driver X's first number).
      const passedOver = candidates.filter((c) => c.reason === 'bound-to-identifier').map((c) => c.explanation);
      const participant = await addParticipant(deps, service, session.sid, { identifier, friendlyName: person });
      rows.push({ session: name, participant: person, identifier, proxyNumber: participant.proxyIdentifier, reason: [decision.explanation, ...passedOver].join(' ') });
    }
  }
  return rows;
};

const COLUMNS: readonly (readonly [keyof DemoRow, string])[] = [
  ['session', 'Session'],
  ['participant', 'Participant'],
  ['identifier', 'Real number'],
  ['proxyNumber', 'Proxy number'],
  ['reason', 'Why the allocator chose it'],
];

/** A plain-text table; long reasons wrap inside their column so the table stays readable in a terminal. */
export const renderTable = (rows: readonly DemoRow[], width = 120): string => {
  const fixed = COLUMNS.slice(0, -1).map(([key, title]) => Math.max(title.length, ...rows.map((r) => r[key].length)));
  const reasonWidth = Math.max(30, width - fixed.reduce((a, b) => a + b + 3, 0));
  const widths = [...fixed, reasonWidth];
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const out = [rule, line(COLUMNS.map(([, title]) => title)), rule];
  for (const row of rows) {
    const wrapped = wrap(row.reason, reasonWidth);
    wrapped.forEach((chunk, i) => {
      const cells = COLUMNS.slice(0, -1).map(([key]) => (i === 0 ? row[key] : ''));
      out.push(line([...cells, chunk]));
    });
  }
  out.push(rule);
  return out.join('\n');
};

const wrap = (text: string, width: number): string[] => {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current && current.length + word.length + 1 > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  return [...lines, current];
};
