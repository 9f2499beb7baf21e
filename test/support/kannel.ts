// Kannel (Debian's `kannel`: bearerbox + smsbox) as masq's upstream gateway: bearerbox binds, as an ESME,
// to masq listening as the SMPP server (an account with `connection: server`), smsbox takes messages on
// its sendsms HTTP API and hands what masq delivers (and delivery reports) to a small HTTP server here.
// The configuration is test/peers/kannel/kannel.conf plus one smsc-*.conf group, filled with free
// loopback ports and a throwaway directory; everything listens on 127.0.0.1 only.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeServer, listenOnLoopback } from './loopback-server.ts';
import { freePort } from './sipp.ts';

const PEERS = fileURLToPath(new URL('../peers/kannel/', import.meta.url));
const BINARIES = { bearerbox: '/usr/sbin/bearerbox', smsbox: '/usr/sbin/smsbox' } as const;
const SENDSMS_USER = { username: 'masq-test', password: 'masq-test-password' };
const ADMIN_PASSWORD = 'masq-admin';

export type KannelBinds = 'transceiver' | 'transmitter-receiver';

/** Whether bearerbox and smsbox are installed here (apt-get install kannel). */
export const kannelAvailable = (): boolean => Object.values(BINARIES).every((path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

/** A request Kannel made to the test's HTTP server: /mo (smsbox's get-url) or /dlr (a dlr-url). */
export interface KannelCallback {
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface SendSms {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** Ask for delivery reports (dlr-mask 1 delivered + 2 undelivered), reported to /dlr with `ref`. */
  readonly dlrRef?: string;
}

export interface Kannel {
  /** Everything smsbox and bearerbox called back, in order. */
  readonly callbacks: KannelCallback[];
  /** smsbox's answer to a sendsms request (HTTP status and body, "0: Accepted for delivery" when taken). */
  sendSms(message: SendSms): Promise<{ status: number; body: string }>;
  /** The first callback from `from` on that matches, waiting for it. */
  waitFor(match: (callback: KannelCallback) => boolean, what: string, from?: number, ms?: number): Promise<KannelCallback>;
  /** bearerbox's status page (text): its SMSC connection and whether it is online. */
  status(): Promise<string>;
  /** bearerbox's log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface KannelOptions {
  /** Where masq listens for the bind. */
  readonly masqPort: number;
  readonly systemId: string;
  readonly password: string;
  readonly binds: KannelBinds;
}

const fill = (template: string, values: Readonly<Record<string, string>>): string =>
  template.replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`no value for {{${key}}} in the Kannel configuration`);
    return value;
  });

const waitForPort = async (port: number, what: string, ms: number, failed: () => string | null): Promise<void> => {
  const until = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    const why = failed();
    if (why !== null || Date.now() > until) throw new Error(`${what} never listened on 127.0.0.1:${port}${why === null ? '' : `: ${why}`}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** SIGTERM (bearerbox shuts its SMSC connections down cleanly), then SIGKILL if it lingers. */
const stopProcess = async (child: ChildProcess, graceMs: number): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
};

const callbackServer = (callbacks: KannelCallback[]) => createServer((req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  callbacks.push({ path: url.pathname, params: Object.fromEntries(url.searchParams) });
  // An empty answer: smsbox sends no reply (the service's max-messages is 0 anyway).
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('');
});

export const startKannel = async (options: KannelOptions): Promise<Kannel> => {
  const dir = mkdtempSync(join(tmpdir(), 'masq-kannel-'));
  const callbacks: KannelCallback[] = [];
  const http = callbackServer(callbacks);
  const httpPort = await listenOnLoopback(http);
  const ports = { admin: await freePort('127.0.0.1'), smsbox: await freePort('127.0.0.1'), sendsms: await freePort('127.0.0.1') };
  const values = {
    ADMIN_PORT: String(ports.admin), SMSBOX_PORT: String(ports.smsbox), SENDSMS_PORT: String(ports.sendsms), HTTP_PORT: String(httpPort),
    DIR: dir, MASQ_PORT: String(options.masqPort), SYSTEM_ID: options.systemId, PASSWORD: options.password,
  };
  const config = join(dir, 'kannel.conf');
  writeFileSync(config, fill(readFileSync(join(PEERS, 'kannel.conf'), 'utf8') + readFileSync(join(PEERS, `smsc-${options.binds}.conf`), 'utf8'), values));

  const children: ChildProcess[] = [];
  const output: Record<string, string> = { bearerbox: '', smsbox: '' };
  const exitedEarly = (): string | null => {
    const gone = children.find((child) => child.exitCode !== null || child.signalCode !== null);
    return gone ? `${String(gone.spawnfile)} exited (${gone.exitCode ?? gone.signalCode}): ${Object.values(output).join('\n').slice(-2_000)}` : null;
  };
  const start = (box: keyof typeof BINARIES): void => {
    const child = spawn(BINARIES[box], [config], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => { output[box] = (output[box] + chunk.toString('latin1')).slice(-20_000); };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    children.push(child);
  };
  const readLog = (name: string): string => {
    try {
      return readFileSync(join(dir, name), 'latin1');
    } catch {
      return '';
    }
  };
  const stop = async (): Promise<void> => {
    // smsbox first: bearerbox waits for its boxes when it shuts down.
    for (const child of [...children].reverse()) await stopProcess(child, 5_000);
    await closeServer(http);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    start('bearerbox');
    await waitForPort(ports.smsbox, 'bearerbox', 20_000, exitedEarly);
    start('smsbox');
    await waitForPort(ports.sendsms, 'smsbox', 20_000, exitedEarly);
  } catch (err) {
    const log = readLog('bearerbox.log').slice(-3_000);
    await stop();
    throw new Error(`Kannel did not start: ${err instanceof Error ? err.message : String(err)}\n${log}`);
  }

  const get = async (port: number, path: string, query: Readonly<Record<string, string>>): Promise<{ status: number; body: string }> => {
    const response = await fetch(`http://127.0.0.1:${port}${path}?${new URLSearchParams(query).toString()}`);
    return { status: response.status, body: await response.text() };
  };

  return {
    callbacks,
    sendSms: (message) => get(ports.sendsms, '/cgi-bin/sendsms', {
      ...SENDSMS_USER, smsc: 'masq', from: message.from, to: message.to, text: message.text,
      ...(message.dlrRef !== undefined && { 'dlr-mask': '3', 'dlr-url': `http://127.0.0.1:${httpPort}/dlr?ref=${message.dlrRef}&type=%d&reply=%A` }),
    }),
    waitFor: async (match, what, from = 0, ms = 20_000) => {
      const until = Date.now() + ms;
      for (;;) {
        const found = callbacks.slice(from).find(match);
        if (found) return found;
        if (Date.now() > until) throw new Error(`Kannel never called back with ${what} (callbacks: ${JSON.stringify(callbacks.slice(from))}); bearerbox log:\n${readLog('bearerbox.log').slice(-3_000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    status: async () => (await get(ports.admin, '/cgi-bin/status.txt', { password: ADMIN_PASSWORD })).body,
    log: () => readLog('bearerbox.log'),
    stop,
  };
};
