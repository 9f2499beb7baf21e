// Runs the real rtpengine (Debian's rtpengine-daemon package) as a child process, in userspace only: no kernel
// module (--table=-1), no configuration file, media and control on 127.0.0.1, and calls removed the moment they are
// deleted (--delete-delay=0) so a test can see that they are gone. Its log (stderr) is kept for failure messages.
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createNgClient, type NgClient } from '../../src/carriers/sip/rtpengine.ts';

export const RTPENGINE_BINARY = 'rtpengine';

/** Whether `rtpengine` can be run here (`rtpengine --version` exits 0). */
export const rtpengineAvailable = (): boolean => {
  const probe = spawnSync(RTPENGINE_BINARY, ['--version'], { stdio: 'ignore' });
  return probe.error === undefined && probe.status === 0;
};

export interface RtpengineDaemon {
  /** `udp:127.0.0.1:<port>`: its ng control socket, as the `rtpengine` setting names it. */
  readonly target: string;
  /** A control client of its own, for `query` and `list` (what the daemon holds). */
  readonly control: NgClient;
  /** What it logged so far. */
  log(): string;
  stop(): Promise<void>;
}

// A free UDP port on 127.0.0.1, as the system hands one out (released again for rtpengine to take).
const freeUdpPort = async (): Promise<number> => {
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
};

export const startRtpengine = async (): Promise<RtpengineDaemon> => {
  const controlPort = await freeUdpPort();
  // Media ports below the system's ephemeral range (32768+), so they never collide with sockets tests open.
  const portMin = 20_000 + 2 * Math.floor(Math.random() * 4_000);
  const child = spawn(RTPENGINE_BINARY, [
    '--config-file=none', '--foreground', '--log-stderr', '--table=-1', '--interface=127.0.0.1',
    `--listen-ng=127.0.0.1:${controlPort}`, `--port-min=${portMin}`, `--port-max=${portMin + 199}`,
    '--delete-delay=0', '--log-level=6',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => { log += chunk.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const target = `udp:127.0.0.1:${controlPort}`;
  const control = createNgClient(target, 1_000);
  const stop = async (): Promise<void> => {
    control.close();
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
  };
  const until = Date.now() + 20_000;
  while (!(await control.ping())) {
    if (child.exitCode !== null || Date.now() > until) {
      await stop();
      throw new Error(`rtpengine did not start (exit ${child.exitCode}); its log:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { target, control, log: () => log, stop };
};
