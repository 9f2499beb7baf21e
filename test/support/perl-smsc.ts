// Drives test/peers/smsc.pl, the Net::SMPP SMSC (Debian's libnet-smpp-perl), as a child process on
// 127.0.0.1: its stdout events (one JSON object a line) are collected, deliver_sm commands go to its stdin.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../peers/smsc.pl', import.meta.url));

export type SmscEvent = Readonly<Record<string, unknown>> & { readonly event: string };

/** Whether `perl` with Net::SMPP (and JSON::PP) is installed here. */
export const perlSmscAvailable = (): boolean => spawnSync('perl', ['-MNet::SMPP', '-MJSON::PP', '-e', '1'], { stdio: 'ignore' }).status === 0;

export interface PerlSmsc {
  readonly port: number;
  readonly events: SmscEvent[];
  /** The first event from `from` on that matches, waiting for it. */
  waitFor(match: (event: SmscEvent) => boolean, from?: number, ms?: number): Promise<SmscEvent>;
  deliver(fields: Readonly<Record<string, unknown>>): void;
  /** SIGKILL: the SMSC vanishes without unbinding. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const isEvent = (value: unknown): value is SmscEvent =>
  typeof value === 'object' && value !== null && 'event' in value && typeof value.event === 'string';

export const startPerlSmsc = async (credentials: { systemId: string; password: string }, port = 0, events: SmscEvent[] = []): Promise<PerlSmsc> => {
  const start = events.length;
  const child: ChildProcessWithoutNullStreams = spawn('perl', [SCRIPT, String(port), credentials.systemId, credentials.password]);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const parsed: unknown = JSON.parse(line);
    if (isEvent(parsed)) events.push(parsed);
  });
  const waitFor = async (match: (event: SmscEvent) => boolean, from = 0, ms = 8_000): Promise<SmscEvent> => {
    const until = Date.now() + ms;
    for (;;) {
      const found = events.slice(from).find(match);
      if (found) return found;
      if (Date.now() > until) throw new Error(`the Perl SMSC never reported that (events: ${JSON.stringify(events.slice(from))}; stderr: ${stderr})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const listening = await waitFor((e) => e.event === 'listening', start);
  const listeningPort = typeof listening.port === 'number' ? listening.port : Number(listening.port);
  return {
    port: listeningPort, events, waitFor,
    deliver: (fields) => { child.stdin.write(`${JSON.stringify({ cmd: 'deliver', ...fields })}\n`); },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.stdin.end();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
};
