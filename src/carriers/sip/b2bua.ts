// The B2BUA's front door: each request the stack hands over, by method and dialog. A new INVITE is answered
// 100, checked (trusted peer or digest), read (called number, caller), routed through the link's sink,
// and its plan carried out (plan-runner.ts). CANCEL, BYE, ACK, in-dialog requests and OPTIONS find their
// call here. Calls are kept in memory by both legs' Call-IDs. Under overload (more than maxCallsInSetup calls
// being routed or ringing at once) a new INVITE is answered 503 with Retry-After at once, before any work,
// so the trunk tries elsewhere or later instead of masq falling behind on every call.
import type { LinkSink } from '../../ports/carrier.ts';
import { contactOf } from './b-leg.ts';
import { Call } from './call.ts';
import { calleeDialog, requestIn } from './dialog.ts';
import { callerOf, calledNumber } from './identity.ts';
import { hangUp, relayInDialog } from './in-dialog.ts';
import { createInboundAuth } from './inbound-auth.ts';
import type { MediaAnchor } from './media-anchor.ts';
import { CANCELED, FAILED } from './outcomes.ts';
import { createPlanRunner } from './plan-runner.ts';
import type { SipAccountConfig } from './settings.ts';
import { ALLOW, reasonOf, responseTo, tagOf, token, type SipMessage } from './sip-message.ts';
import type { SipRemote, SipStack } from './sip-stack.ts';

export interface B2bua {
  onRequest(request: SipMessage, remote: SipRemote): void;
  /** Calls in progress. */
  size(): number;
  /** Ends every call in progress (BYE to answered legs, CANCEL/503 to unanswered ones) and waits for their records. */
  endAll(): Promise<void>;
}

export interface B2buaOptions {
  readonly config: SipAccountConfig;
  readonly stack: SipStack;
  readonly sink: LinkSink;
  readonly anchor: MediaAnchor | null;
  readonly onProblem: (err: unknown) => void;
}

const SHUTDOWN_WAIT_MS = 3_000;
/** What an INVITE refused under overload is told: try again in 5 s (RFC 3261 §21.5.4). */
export const OVERLOAD_RETRY_AFTER_SECONDS = 5;

export const createB2bua = (options: B2buaOptions): B2bua => {
  const { config, stack, sink } = options;
  const legs = new Map<string, Call>();
  const running = new Set<Promise<void>>();
  /** Calls not yet answered finally, or only just: inSetup() drops the answered ones as it counts. */
  const settingUp = new Set<Call>();
  const auth = createInboundAuth(config.allowedPeers, config.inbound);
  const runner = createPlanRunner(config);
  const hooks = { stack, sink, anchor: options.anchor, accountName: config.name, onProblem: options.onProblem, legs };

  const respond = (request: SipMessage, status: number, headers?: Record<string, string>, reason?: string): void =>
    stack.respond(responseTo(request, status, reason ?? reasonOf(status), { toTag: token(8), ...(headers ? { headers } : {}) }));

  const routeAndRun = async (call: Call, called: string, caller: string): Promise<void> => {
    try {
      const routed = await sink.route({
        channel: 'voice', carrier: config.name, resourceSid: call.callId, from: caller, to: called, body: '', mediaUrls: [],
        carrierParams: { CallSid: call.callId, From: caller, To: called, Direction: 'inbound', CallStatus: 'ringing', SipCallId: call.callId },
      });
      call.interactionSid = routed.plan.interactionSid;
      if (call.aFinal === null) await runner.run(call, routed.plan, routed.inReply);
    } catch (err) {
      options.onProblem(err);
      if (call.aFinal === null) call.answerA(503);
      call.onCallerGone?.('failed');
    } finally {
      if (call.endedAt === null) call.finish(call.aFinal === 487 ? 'canceled' : 'failed', call.aFinal === 487 ? CANCELED : FAILED);
      legs.delete(call.callId);
      if (call.b) legs.delete(call.b.dialog.callId);
      await call.settledReports();
    }
  };

  /** Calls masq has not yet answered finally: being routed, or ringing. */
  const inSetup = (): number => {
    for (const call of settingUp) if (call.aFinal !== null || call.endedAt !== null) settingUp.delete(call);
    return settingUp.size;
  };

  const newCall = (invite: SipMessage, remote: SipRemote): void => {
    if (inSetup() >= config.maxCallsInSetup) return respond(invite, 503, { 'retry-after': String(OVERLOAD_RETRY_AFTER_SECONDS) });
    stack.respond(responseTo(invite, 100, 'Trying'));
    if (legs.has(invite.headers['call-id'])) return respond(invite, 482);
    const trust = auth.check(invite, remote.address, new Date());
    if (trust.kind === 'refused') return respond(invite, 403);
    if (trust.kind === 'challenge') return respond(invite, 401, { 'www-authenticate': trust.header });
    const called = calledNumber(invite, config.country);
    if (called === null) return respond(invite, 404);
    const caller = callerOf(invite, config.country);
    if (caller.kind === 'withheld') {
      void sink.report({ kind: 'withheld', channel: 'voice' }).catch(options.onProblem);
      return respond(invite, 603, { reason: 'Q.850;cause=21;text="Caller ID withheld"' });
    }
    const contact = contactOf({ host: stack.publicAddress, port: stack.port }, remote.protocol);
    const call = new Call(hooks, invite, remote, calleeDialog(invite, token(8), remote.protocol, contact));
    call.callerNumber = caller.e164;
    legs.set(call.callId, call);
    settingUp.add(call);
    const run = routeAndRun(call, called, caller.e164);
    running.add(run);
    void run.finally(() => {
      running.delete(run);
      settingUp.delete(call);
    });
  };

  const inDialog = (request: SipMessage): void => {
    const call = legs.get(request.headers['call-id']);
    const method = request.method ?? '';
    if (method === 'ACK') {
      call?.ackArrived(request);
      return;
    }
    if (method === 'OPTIONS') return respond(request, 200, { allow: ALLOW });
    if (!call) return respond(request, 481);
    const fromCaller = call.callId === request.headers['call-id'];
    if (method === 'BYE') return hangUp(call, request, fromCaller);
    if (method === 'INVITE' || method === 'UPDATE' || method === 'INFO') {
      void relayInDialog(call, request, fromCaller).catch(options.onProblem);
      return;
    }
    respond(request, 405, { allow: ALLOW });
  };

  const cancel = (request: SipMessage): void => {
    const call = legs.get(request.headers['call-id']);
    respond(request, call ? 200 : 481);
    if (!call || call.callId !== request.headers['call-id'] || call.aFinal !== null) return;
    call.answerA(487);
    call.onCallerGone?.('canceled');
  };

  return {
    onRequest: (request, remote) => {
      const method = request.method ?? '';
      if (method === 'CANCEL') return cancel(request);
      if (tagOf(request.headers.to) !== null || method === 'ACK' || method === 'BYE') return inDialog(request);
      if (method === 'INVITE') return newCall(request, remote);
      if (method === 'OPTIONS') return respond(request, 200, { allow: ALLOW, accept: 'application/sdp' });
      respond(request, 405, { allow: ALLOW });
    },
    size: () => running.size,
    endAll: async () => {
      for (const call of new Set(legs.values())) {
        if (call.endedAt !== null) continue;
        if (call.aFinal === null) call.answerA(503);
        else if (call.aFinal < 300) stack.send(requestIn(call.a, 'BYE'), { transport: call.a.transport });
        call.onCallerGone?.('failed');
      }
      const waited = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref());
      await Promise.race([Promise.all([...running]), waited]);
    },
  };
};
