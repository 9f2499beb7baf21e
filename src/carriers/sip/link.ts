// The SIP account's link: listening for the trunk's calls (UDP and/or TCP) while this instance holds the
// account's lease (app/carrier-links.ts), so one instance takes a trunk's calls at a time. Opening starts
// the stack (retried with backoff when the port cannot be bound); closing ends the calls in progress
// (BYE both legs of answered ones, CANCEL and 503 the others) and then stops listening.
import type { CarrierLink, LinkHealth, LinkSink } from '../../ports/carrier.ts';
import { createB2bua, type B2bua } from './b2bua.ts';
import type { MediaAnchor } from './media-anchor.ts';
import type { SipAccountConfig } from './settings.ts';
import { startSipStack, type SipStack } from './sip-stack.ts';

export interface SipLink extends CarrierLink {
  /** The port the stack listens on (the configured one, or the one the system gave for port 0); null when not listening. */
  port(): number | null;
  /** Calls in progress on this instance. */
  calls(): number;
}

const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 30_000;

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export const createSipLink = (config: SipAccountConfig, anchor: MediaAnchor | null, onProblem: (err: unknown) => void = () => undefined): SipLink => {
  let opened = false;
  let stack: SipStack | null = null;
  let b2bua: B2bua | null = null;
  let starting: Promise<void> | null = null;
  let retry: NodeJS.Timeout | null = null;
  const health: { -readonly [K in keyof LinkHealth]: LinkHealth[K] } = { connected: false, lastConnectedAt: null, lastError: null, failuresInARow: 0 };

  const start = async (sink: LinkSink): Promise<void> => {
    try {
      const started = await startSipStack({
        address: config.listenAddress, port: config.listenPort, publicAddress: config.publicAddress, transports: config.transports,
        onRequest: (request, remote) => b2bua?.onRequest(request, remote), onError: onProblem,
      });
      if (!opened) return void (await started.close());
      stack = started;
      b2bua = createB2bua({ config, stack: started, sink, anchor, onProblem });
      health.connected = true;
      health.lastConnectedAt = new Date();
      health.lastError = null;
      health.failuresInARow = 0;
    } catch (err) {
      health.lastError = describe(err);
      health.failuresInARow += 1;
      onProblem(err);
      if (!opened) return;
      const wait = Math.min(RETRY_BASE_MS * 2 ** (health.failuresInARow - 1), RETRY_CAP_MS);
      retry = setTimeout(() => { retry = null; if (opened) starting = start(sink); }, wait);
      retry.unref();
    }
  };

  return {
    leaseMs: config.leaseMs,
    open: (sink) => {
      if (opened) return;
      opened = true;
      starting = start(sink);
    },
    close: async () => {
      opened = false;
      if (retry) clearTimeout(retry);
      await starting;
      const [running, listening] = [b2bua, stack];
      b2bua = null;
      stack = null;
      health.connected = false;
      if (running) await running.endAll();
      if (listening) await listening.close();
    },
    ready: () => health.connected,
    health: () => ({ ...health }),
    port: () => stack?.port ?? null,
    calls: () => b2bua?.size() ?? 0,
  };
};
