// Runs SIPp (Debian's sip-tester, /usr/bin/sipp) as a real SIP peer: a caller (UAC) on 127.0.0.2 or a callee
// (UAS) on 127.0.0.3, from the scenario templates in test/peers/sip (see its README.md). Each run gets a
// private directory with the rendered scenario and SIPp's error, <log> and message traces; the result carries
// their text, so a failing test shows what the peer saw. SIPp's exit code is the verdict: 0 = every call
// passed its scenario, including the `ereg check_it` assertions on the messages it received.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SCENARIOS = fileURLToPath(new URL('../peers/sip/', import.meta.url));

/** Callers run here; masq is on 127.0.0.1, which the `sip` library will not send to as a peer (carriers.md §12). */
export const CALLER_ADDRESS = '127.0.0.2';
/** Callees (masq's trunk) run here. */
export const CALLEE_ADDRESS = '127.0.0.3';

/** Whether `sipp` can be run here (`sipp -v` exits 99 after printing its version). */
export const sippAvailable = (): boolean => {
  const probe = spawnSync('sipp', ['-v'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status !== null;
};

export type Transport = 'udp' | 'tcp';

export interface SippOptions {
  /** A file of test/peers/sip without `.xml`. */
  readonly scenario: string;
  readonly params: Readonly<Record<string, string>>;
  /** The local address (-i): CALLER_ADDRESS or CALLEE_ADDRESS. */
  readonly address: string;
  /** The local port (-p); by default a free one (freePort). */
  readonly port?: number;
  /** Where a caller sends its calls (`host:port`). */
  readonly remote?: string;
  readonly transport?: Transport;
  /** -m: stop after this many calls (default 1; 0: until stopped or timed out). */
  readonly calls?: number;
  /** -r: new calls per second (callers). */
  readonly rate?: number;
  /** -l: at most this many calls at once. */
  readonly limit?: number;
  /** -timeout: SIPp gives up (and fails) after this long (default 60 s). */
  readonly timeoutSeconds?: number;
  /** Keep every message sent and received (-trace_msg; default true). The benchmark turns it off. */
  readonly traceMessages?: boolean;
  /** A caller's Call-IDs start with this (default "aleg-": the callees' masking checks look for it on the B-leg). */
  readonly callIdPrefix?: string;
  /** Includes left out of the rendered scenario (e.g. `masking-checks`, to try a flow sipp to sipp). */
  readonly omit?: readonly string[];
  /** More arguments (e.g. -trace_rtt with -rtt_freq). */
  readonly extraArgs?: readonly string[];
}

export interface SippResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly command: string;
  /** SIPp's -trace_err file: messages it did not expect, failed regexp checks. */
  readonly errors: string;
  /** The scenario's <log> actions. */
  readonly logs: string;
  /** Every message sent and received (empty with traceMessages false). */
  readonly messages: string;
  readonly output: string;
  /** Every other file SIPp wrote in the run's directory (-trace_rtt, -trace_stat CSVs...), by name. */
  readonly files: Readonly<Record<string, string>>;
  /** The run's directory, already removed: the text of its files is in this result. */
  readonly dir: string;
}

export interface SippRun {
  readonly port: number;
  /** The sipp process (for its CPU time). */
  readonly pid: number;
  readonly done: Promise<SippResult>;
  /** SIGTERM, then the result. */
  stop(): Promise<SippResult>;
}

const escapeForRegexp = (value: string): string => value.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&');

/** A POSIX regular expression matching `text` in any case (SIPp compiles without REG_ICASE). */
const caseInsensitive = (text: string): string =>
  [...text].map((c) => (c.toLowerCase() === c.toUpperCase() ? escapeForRegexp(c) : `[${c.toUpperCase()}${c.toLowerCase()}]`)).join('');

/** The scenario's text with its includes (`{{>name}}` = name.inc), parameters (`{{NAME}}`, `{{re:NAME}}` escaped
 * for a regexp) and case-insensitive spellings (`{{ci:Via}}` = `[Vv][Ii][Aa]`) filled in. */
export const renderScenario = (name: string, params: Readonly<Record<string, string>>, omit: readonly string[] = [], file = `${name}.xml`): string =>
  readFileSync(join(SCENARIOS, file), 'utf8')
    .replace(/\{\{>([a-z-]+)\}\}/g, (_, include: string) => (omit.includes(include) ? '' : renderScenario(include, params, omit, `${include}.inc`)))
    .replace(/\{\{ci:([^}]+)\}\}/g, (_, text: string) => caseInsensitive(text))
    .replace(/\{\{(re:)?([A-Z_]+)\}\}/g, (_, re: string | undefined, key: string) => {
      const value = params[key];
      if (value === undefined) throw new Error(`SIPp scenario ${file} needs the parameter ${key}`);
      return re ? escapeForRegexp(value) : value;
    });

const bindProbe = (address: string, port: number, transport: Transport): Promise<boolean> =>
  new Promise((resolve) => {
    if (transport === 'udp') {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(true));
      socket.bind(port, address, () => socket.close(() => resolve(false)));
    } else {
      const server = createServer();
      server.once('error', () => resolve(true));
      server.listen(port, address, () => server.close(() => resolve(false)));
    }
  });

/**
 * A port free on `address` now (UDP and TCP), for a callee or masq to listen on. Chosen below Linux's
 * ephemeral range (32768-60999): any UDP client socket on the machine (bound to 0.0.0.0) takes ports from
 * there, and would collide with a listener that must keep the port it was configured with.
 */
export const freePort = async (address: string): Promise<number> => {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!(await bindProbe(address, port, 'udp')) && !(await bindProbe(address, port, 'tcp'))) return port;
  }
};

const readIfThere = (path: string): string => (existsSync(path) ? readFileSync(path, 'latin1') : '');

const TRACES = new Set(['errors.log', 'logs.log', 'messages.log']);

const otherFiles = (dir: string, scenario: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir)
    .filter((name) => !TRACES.has(name) && name !== `${scenario}.xml`)
    .map((name) => [name, readFileSync(join(dir, name), 'latin1')]));

const argsOf = (options: SippOptions, dir: string, scenarioFile: string, port: number): string[] => [
  ...(options.remote ? [options.remote] : []),
  '-sf', scenarioFile,
  '-i', options.address, '-mi', options.address,
  '-p', String(port),
  '-t', options.transport === 'tcp' ? 't1' : 'u1',
  ...(options.calls === 0 ? [] : ['-m', String(options.calls ?? 1)]),
  ...(options.rate !== undefined ? ['-r', String(options.rate)] : []),
  ...(options.limit !== undefined ? ['-l', String(options.limit)] : []),
  ...(options.remote ? ['-cid_str', `${options.callIdPrefix ?? 'aleg-'}%u-%p@%s`] : []),
  '-nostdin',
  '-timeout', `${options.timeoutSeconds ?? 60}s`, '-timeout_error',
  '-trace_err', '-error_file', join(dir, 'errors.log'),
  '-trace_logs', '-log_file', join(dir, 'logs.log'),
  ...(options.traceMessages === false ? [] : ['-trace_msg', '-message_file', join(dir, 'messages.log')]),
  ...(options.extraArgs ?? []),
];

/** Starts SIPp; a callee (no `remote`) is waited for until its socket is bound. */
export const startSipp = async (options: SippOptions): Promise<SippRun> => {
  const dir = mkdtempSync(join(tmpdir(), `masq-sipp-${options.scenario}-`));
  const scenarioFile = join(dir, `${options.scenario}.xml`);
  writeFileSync(scenarioFile, renderScenario(options.scenario, options.params, options.omit));
  // Always a port of our own choosing: SIPp's default (5060 first) collides when two callers run at once.
  const port = options.port ?? await freePort(options.address);
  const args = argsOf(options, dir, scenarioFile, port);
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // SIPp redraws its statistics screen on stdout: keep the tail only.
  const keep = (chunk: Buffer) => { output = (output + chunk.toString('latin1')).slice(-20_000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const done = new Promise<SippResult>((resolve) => {
    const finish = (code: number | null, signal: string | null) => {
      const result: SippResult = {
        code, signal, command: `sipp ${args.join(' ')}`, output, dir,
        errors: readIfThere(join(dir, 'errors.log')), logs: readIfThere(join(dir, 'logs.log')), messages: readIfThere(join(dir, 'messages.log')),
        files: otherFiles(dir, options.scenario),
      };
      rmSync(dir, { recursive: true, force: true });
      resolve(result);
    };
    child.once('error', (err) => { output += String(err); finish(null, null); });
    child.once('exit', finish);
  });
  if (!options.remote) await waitUntilListening(options.address, port, options.transport ?? 'udp', done);
  return {
    port, done, pid: child.pid ?? 0,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      try {
        return await done;
      } finally {
        clearTimeout(timer);
      }
    },
  };
};

/** `127.0.0.3` and 5070 as /proc/net/udp writes a local address: `0300007F:13CE`. */
const procAddress = (address: string, port: number): string =>
  `${address.split('.').reverse().map((octet) => Number(octet).toString(16).padStart(2, '0')).join('').toUpperCase()}:${port.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Whether a socket is bound (UDP) or listening (TCP) on address:port, read from /proc/net without touching
 * the port: binding it to find out could make SIPp's own bind fail.
 */
const bound = (address: string, port: number, transport: Transport): boolean => {
  const wanted = [procAddress(address, port), procAddress('0.0.0.0', port)];
  return readFileSync(`/proc/net/${transport}`, 'utf8').split('\n').slice(1).some((line) => {
    const [, local = '', , state = ''] = line.trim().split(/\s+/);
    return wanted.includes(local) && (transport === 'udp' || state === '0A');
  });
};

const waitUntilListening = async (address: string, port: number, transport: Transport, done: Promise<SippResult>): Promise<void> => {
  let exited: SippResult | undefined;
  void done.then((result) => { exited = result; });
  const until = Date.now() + 15_000;
  while (!bound(address, port, transport)) {
    if (exited) throw new Error(`SIPp exited before listening on ${address}:${port}\n${describeSipp(exited)}`);
    if (Date.now() > until) throw new Error(`SIPp never listened on ${address}:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** Everything SIPp left behind, for a failure message. */
export const describeSipp = (result: SippResult): string => [
  `$ ${result.command}`,
  `exit code ${String(result.code)}${result.signal ? ` (signal ${result.signal})` : ''}`,
  `--- errors ---\n${result.errors || '(none)'}`,
  `--- logs ---\n${result.logs || '(none)'}`,
  `--- messages ---\n${result.messages.slice(-12_000) || '(not traced)'}`,
  `--- screen (tail) ---\n${result.output.slice(-3_000)}`,
].join('\n');

/** Runs a caller to completion. */
export const runSipp = async (options: SippOptions): Promise<SippResult> => (await startSipp(options)).done;

/** The messages SIPp received (from its -trace_msg file), in order, each from its first line. */
export const receivedMessages = (result: SippResult): string[] =>
  result.messages.split(/^-{20,}[^\n]*\n/m)
    .filter((chunk) => /message received/.test(chunk))
    .map((chunk) => chunk.replace(/^[^\n]*message received[^\n]*\n\s*/, ''));

/** SIPp's exit code is the verdict: anything but 0 fails, with what the peer saw. */
export const assertSippPassed = (result: SippResult, who: string): void => {
  assert.equal(result.code, 0, `${who} failed\n${describeSipp(result)}`);
};

/**
 * Defines a suite that needs SIPp. Under CI a missing sipp fails the run (.ci/run installs sip-tester);
 * elsewhere the suite is skipped, saying so loudly, so a green laptop run is never mistaken for a full one.
 */
export const withSipp = (what: string, define: () => void): void => {
  if (sippAvailable()) {
    define();
  } else if (process.env.CI) {
    test('sipp is installed (CI)', () => assert.fail('sipp is missing: .ci/run must apt-get install sip-tester'));
  } else {
    console.log(`NOTE: sipp (Debian package sip-tester) is not installed: ${what} is SKIPPED.`);
    test(`${what}: SKIPPED because sipp is not installed`, { skip: 'apt-get install sip-tester' }, () => {});
  }
};
