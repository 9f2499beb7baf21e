// `masq serve`: load the configuration, wire the runtime, listen, print where and with which
// credentials to connect, and shut down cleanly on SIGINT/SIGTERM.
import { configFromProcess } from '../config/from-process.ts';
import { ConfigError } from '../config/load-config.ts';
import { CONFIG_FILE_SETTING, SETTINGS, type Config } from '../config/schema.ts';
import { buildApp } from '../http/build-app.ts';
import { CARRIER_SETTINGS, consoleDirectory, createRuntime, type Runtime } from '../runtime.ts';
import { startupFailure } from './startup-failure.ts';
import { masqVersion } from './version.ts';

const flagHelp = (): string => {
  const rows = Object.values(SETTINGS)
    .filter((s) => s.flag !== null)
    .map((s): [string, string] => [`--${s.flag} <value>`, `${s.description} [${s.env}; default ${s.defaultText}]`]);
  rows.push([`--${CONFIG_FILE_SETTING.flag} <file>`, `${CONFIG_FILE_SETTING.description} [${CONFIG_FILE_SETTING.env}]`]);
  rows.push(['-h, --help', 'show this help']);
  return rows.map(([flag, text]) => `  ${flag.padEnd(30)} ${text}`).join('\n');
};

export const SERVE_HELP = `Usage: masq serve [options]

Runs the masq API server (Twilio Proxy v1 compatible). The sandbox carrier (a simulated phone
network) is on unless --sandbox off (MASQ_SANDBOX=off, for production). Carrier accounts (Twilio,
SignalWire, Telnyx) come from MASQ_CARRIERS or the config file's "carriers" list (no flag: it holds
secrets; docs/configuration.md), each with its webhooks under /webhooks/{account name}/; the legacy
MASQ_TWILIO_ACCOUNT_SID and MASQ_TWILIO_AUTH_TOKEN define an account named twilio. Settings come from defaults < a JSON config file < MASQ_* environment variables < these flags;
see docs/configuration.md. Credentials are set only through MASQ_ACCOUNT_SID and MASQ_AUTH_TOKEN.

Options:
${flagHelp()}
`;

/** What a newcomer can paste next (a test runs these very lines against the server). */
const nextSteps = (url: string, dev: { sid: string; authToken: string } | null): string => [
  'Next steps:',
  ...(dev ? [`  export MASQ_ACCOUNT_SID=${dev.sid} MASQ_AUTH_TOKEN=${dev.authToken}`] : []),
  `  curl -u "$MASQ_ACCOUNT_SID:$MASQ_AUTH_TOKEN" -d UniqueName=my-first-service ${url}/v1/Services`,
  '  npm run masq -- demo    # the allocator at work on Twilio\'s walkthrough, in memory',
  '',
].join('\n');

const banner = (url: string, publicUrl: string, runtime: Runtime, consoleOn: boolean): string => {
  const { account, kind, created } = runtime.account;
  const lines = [
    `masq ${masqVersion()} listening on ${url}`,
    `  public URL:   ${publicUrl}`,
    `  API docs:     ${url}/docs`,
    ...(consoleOn ? [`  Console:      ${url}/console/   (open it in a browser; sign in with the Account SID and auth token)`] : []),
    `  Account SID:  ${account.sid}`,
  ];
  // Dev credentials are printed so a first run is usable at once; configured tokens never are.
  if (kind === 'dev') {
    lines.push(`  Auth token:   ${account.authToken}   (development credentials${created ? ', just created' : ''}; set MASQ_ACCOUNT_SID and MASQ_AUTH_TOKEN for your own)`);
  }
  return `${lines.join('\n')}\n\n${nextSteps(url, kind === 'dev' ? account : null)}`;
};

const listen = async (config: Config): Promise<void> => {
  const runtime = await createRuntime(config, {
    onSweepError: (err) => process.stderr.write(`session sweeper: ${String(err)}\n`),
    onJobError: (err) => process.stderr.write(`job worker: ${String(err)}\n`),
    onNumberSweepError: (err) => process.stderr.write(`number sweeper: ${String(err)}\n`),
    onLinkError: (err) => process.stderr.write(`carrier link lease: ${String(err)}\n`),
    onSmsGateWarning: (w) => process.stderr.write(`sms gating (warn): ${w.code} from ${w.from} (account ${w.accountSid}), ${w.occurrences} message(s) since the last report, latest to ${w.to} (interaction ${w.interactionSid ?? 'none'}): ${w.message}\n`),
  });
  const app = await buildApp({ deps: runtime.deps, publicUrl: config.publicUrl, sandbox: runtime.sandbox, background: () => runtime.health(), logLevel: config.logLevel, version: masqVersion(), consoleDir: consoleDirectory(config) });
  let url: string;
  try {
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  } catch (err) {
    await runtime.close();
    throw err;
  }
  process.stdout.write(banner(url, config.publicUrl ?? `(from each request's Host header)`, runtime, consoleDirectory(config) !== null));
  const stop = async (): Promise<void> => {
    await app.close();
    await runtime.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop().then(() => process.exit(0), () => process.exit(1));
    });
  }
};

/** Returns the process exit code; a running server keeps the process alive on its own. */
export const runServe = async (argv: readonly string[]): Promise<number> => {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  let config: Config;
  try {
    config = configFromProcess(argv, CARRIER_SETTINGS);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`masq serve: ${err.message}\n\nRun 'masq serve --help' for the options.\n`);
    return 2;
  }
  try {
    await listen(config);
  } catch (err) {
    const line = startupFailure(err, config);
    if (line === null) throw err;
    process.stderr.write(`masq serve: ${line}\n`);
    return 1;
  }
  return 0;
};
