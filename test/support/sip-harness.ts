// What the SIP carrier's tests share: an account listening on 127.0.0.1 (a free port), a caller peer on
// 127.0.0.2 and a trunk peer on 127.0.0.3, and a sink that routes by a test's own plan and keeps what masq
// reported.
import type { CallPlan, PlanVerb } from '../../src/domain/call-plan.ts';
import type { InboundEvent } from '../../src/domain/routing.ts';
import type { CarrierStatusReport, LinkProgramStep, LinkSink, RoutedInbound, WebhookEvent } from '../../src/ports/carrier.ts';
import { CALLER_ADDRESS, eventually, startSipPeer, TRUNK_ADDRESS, type SipPeer } from './sip-peer.ts';
import { createSipAccount, type SipAccount } from '../../src/carriers/sip/account.ts';
import type { MediaAnchor } from '../../src/carriers/sip/media-anchor.ts';
import { sipConfigOf } from '../../src/carriers/sip/settings.ts';

export const PROXY = '+14155550100';
export const CALLER = '+14155550111';
export const PARTNER = '+14155550122';

export const dialPlan = (overrides: Partial<Extract<PlanVerb, { verb: 'dial' }>> = {}): RoutedInbound => {
  const verb: PlanVerb = { verb: 'dial', callerId: PROXY, to: PARTNER, timeoutSeconds: null, ...overrides };
  return { plan: { channel: 'voice', interactionSid: 'KI00000000000000000000000000000001', verbs: [verb], refusal: null }, inReply: [verb] };
};

export const verbsPlan = (verbs: readonly PlanVerb[], interactionSid: string | null = null): RoutedInbound => ({
  plan: { channel: 'voice', interactionSid, verbs, refusal: null }, inReply: verbs,
});

export interface Harness {
  readonly account: SipAccount;
  readonly caller: SipPeer;
  readonly trunk: SipPeer;
  readonly port: number;
  readonly routed: InboundEvent[];
  readonly reports: WebhookEvent[];
  readonly steps: LinkProgramStep[];
  route: (event: InboundEvent) => Promise<RoutedInbound>;
  step: (step: LinkProgramStep) => Promise<CallPlan>;
  /** Status reports of one leg (by its Call-ID). */
  statuses(resourceSid: string): CarrierStatusReport[];
  close(): Promise<void>;
}

/** `anchor` undefined: the settings decide (rtpengine when set); null: none. */
export const startHarness = async (settings: Record<string, string> = {}, anchor?: MediaAnchor | null): Promise<Harness> => {
  const caller = await startSipPeer(CALLER_ADDRESS);
  const trunk = await startSipPeer(TRUNK_ADDRESS);
  const account = createSipAccount(sipConfigOf({
    type: 'sip', name: 'trunk',
    settings: {
      listenAddress: '127.0.0.1', listenPort: '0', transports: 'udp,tcp', allowedPeers: CALLER_ADDRESS, trunk: `${TRUNK_ADDRESS}:${trunk.port}`,
      trunkTransport: 'udp', ringTimeoutSeconds: '60', leaseMs: '15000', country: 'US', ...settings,
    },
  }), { ...(anchor !== undefined ? { anchor } : {}), onProblem: (err) => process.stderr.write(`sip problem: ${String(err)}\n`) });
  const harness: Harness = {
    account, caller, trunk, port: 0, routed: [], reports: [], steps: [],
    route: () => Promise.resolve(dialPlan()),
    step: () => Promise.resolve({ channel: 'voice', interactionSid: null, verbs: [], refusal: null }),
    statuses: (resourceSid) => harness.reports.flatMap((e) => (e.kind === 'status' && e.report.resourceSid === resourceSid ? [e.report] : [])),
    close: async () => {
      await account.link.close();
      await caller.close();
      await trunk.close();
    },
  };
  const sink: LinkSink = {
    report: (event) => { harness.reports.push(event); return Promise.resolve(); },
    route: (event) => { harness.routed.push(event); return harness.route(event); },
    step: (step) => { harness.steps.push(step); return harness.step(step); },
  };
  account.link.open(sink);
  const port = await eventually(() => account.link.port() ?? undefined, 'the SIP link to listen');
  return Object.assign(harness, { port });
};
