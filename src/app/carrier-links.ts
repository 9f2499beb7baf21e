// Carrier links (an SMPP bind) under the runtime's one lifecycle, one background task per account that
// has one. Exactly one instance holds each link: it takes the link's lease in the database, renews it
// every third of its length while running, and opens the link only while it holds the lease. An instance
// that cannot renew (it lost the database) closes its link before its lease can end, so two instances
// never bind at once; a stopped instance gives the lease up, so another takes the link over at once.
// What arrives on a link is acted on as a webhook's event would be: routed, or recorded as a status.
import type { BackgroundTask, TaskHealth } from '../ports/background.ts';
import type { CarrierLink, LinkSink, WebhookEvent } from '../ports/carrier.ts';
import { describeFailure } from './callbacks/wire.ts';
import type { AppDeps } from './deps.ts';
import { recordResourceStatus } from './record-resource-status.ts';
import { continueProgram } from './programmable/continue-program.ts';
import { routeInbound } from './route-inbound.ts';

/** The lease's name for an account's link. */
export const linkLeaseName = (account: string): string => `link:${account}`;

/** What arrives on a link, acted on as the same event from a webhook would be. */
export const linkSink = (deps: AppDeps, account: string): LinkSink => ({
  report: async (reported: WebhookEvent) => {
    if (reported.kind === 'inbound') {
      await routeInbound(deps, reported.event);
    } else if (reported.kind === 'status') {
      const { interactionSid, resourceSid, resourceType, status, durationSeconds } = reported.report;
      await recordResourceStatus(deps, { interactionSid, resourceSid, resourceType, status, durationSeconds, carrier: account, ...(reported.report.details ? { dataFields: reported.report.details } : {}) });
    }
  },
  route: (event) => routeInbound(deps, event),
  step: (step) => continueProgram(deps, { carrier: account, token: step.step, resourceSid: step.resourceSid, params: step.params }),
});

export interface CarrierLinkTaskOptions {
  /** This instance's id as a lease holder (random per process). */
  readonly holder: string;
  readonly onError: (err: unknown) => void;
}

export const carrierLinkTask = (deps: AppDeps, account: string, link: CarrierLink, options: CarrierLinkTaskOptions): BackgroundTask => {
  const lease = linkLeaseName(account);
  const renewEveryMs = Math.max(50, Math.floor(link.leaseMs / 3));
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  let stopped = false;
  let opened = false;
  let heldUntil = 0;
  let lastLeaseError: string | null = null;

  const closeLink = async (): Promise<void> => {
    if (!opened) return;
    opened = false;
    await link.close();
  };

  const tick = async (): Promise<void> => {
    const now = deps.clock.now();
    try {
      const held = await deps.store.acquireLinkLease(lease, options.holder, now, new Date(now.getTime() + link.leaseMs));
      lastLeaseError = null;
      if (stopped) return;
      if (held) {
        heldUntil = now.getTime() + link.leaseMs;
        if (!opened) {
          opened = true;
          link.open(linkSink(deps, account));
        }
      } else {
        await closeLink();
      }
    } catch (err) {
      lastLeaseError = describeFailure(err);
      options.onError(err);
      // Unrenewed, the lease ends at heldUntil and another instance may bind: close before it does.
      if (deps.clock.now().getTime() + renewEveryMs >= heldUntil) await closeLink();
    }
  };

  const schedule = (): void => {
    if (ticking || stopped) return;
    ticking = tick().finally(() => { ticking = null; });
  };

  return {
    name: `carrier-link:${account}`,
    start: () => {
      if (timer || stopped) return;
      schedule();
      timer = setInterval(schedule, renewEveryMs);
      timer.unref();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await ticking;
      const wasOpen = opened;
      await closeLink();
      if (wasOpen) await deps.store.releaseLinkLease(lease, options.holder).catch(options.onError);
    },
    health: (): TaskHealth => {
      const state = link.health();
      return {
        name: `carrier-link:${account}`,
        running: timer !== null,
        lastSuccessAt: state.lastConnectedAt,
        lastError: lastLeaseError ?? (opened && !state.connected ? state.lastError : null),
        failuresInARow: state.failuresInARow,
      };
    },
  };
};
