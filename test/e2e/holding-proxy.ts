// A loopback TCP proxy between a masq process and PostgreSQL that can swallow the server's answer to one
// statement: armed with a piece of SQL, it forwards the client's bytes as usual (so the statement runs and
// commits), and from the moment the client sends that SQL it passes nothing back on that connection.
// masq then sits between COMMIT and its HTTP answer for as long as the test likes: the window a crash
// (kill -9) must not lose anything in. No test hook in production code is needed.
import { connect, createServer, type Socket } from 'node:net';

export interface HoldingProxy {
  readonly port: number;
  /** Holds the answers of the first connection that sends `sql` (as it appears in the Parse message). */
  arm(sql: string): void;
  /** Resolves once a connection sent the armed SQL and its answers are being held. */
  readonly holding: Promise<void>;
  close(): Promise<void>;
}

export const startHoldingProxy = async (target: { host: string; port: number }): Promise<HoldingProxy> => {
  let trigger: Buffer | null = null;
  let onHold: () => void = () => undefined;
  const holding = new Promise<void>((resolve) => { onHold = resolve; });
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    track(client);
    track(upstream);
    let held = false;
    // The SQL may straddle two chunks: keep the end of the previous one.
    let tail = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (trigger && !held) {
        const seen = Buffer.concat([tail, chunk]);
        if (seen.includes(trigger)) {
          held = true;
          trigger = null;
          onHold();
        }
        tail = seen.subarray(Math.max(0, seen.length - 4096));
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!held) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve(typeof address === 'object' && address ? address.port : 0);
  }));
  return {
    port,
    arm: (sql) => { trigger = Buffer.from(sql, 'utf8'); },
    holding,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
};
