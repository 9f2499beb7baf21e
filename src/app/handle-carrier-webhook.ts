// A carrier's webhook, whatever the carrier: authenticate the request with the account's adapter (from
// its raw bytes, before anything trusts it), read what it reports, and act: route inbound traffic and
// answer with the plan's in-reply verbs in the carrier's markup, record a status report, or acknowledge.
import { refusePlan, type CallPlan } from '../domain/call-plan.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { CarrierAccount, RawWebhook, WebhookAdapter, WebhookAnswer } from '../ports/carrier.ts';
import type { AppDeps } from './deps.ts';
import { portOrderChanged } from './porting/carrier-port-orders.ts';
import { continueProgram } from './programmable/continue-program.ts';
import { recordResourceStatus } from './record-resource-status.ts';
import { routeInbound } from './route-inbound.ts';

export interface HandledWebhook {
  readonly answer: WebhookAnswer;
  /** Why inbound traffic was not forwarded (for the log); null when it was, or for other events. */
  readonly refusal: CallPlan['refusal'];
  /** The carrier's error code in a status report (for the log). */
  readonly carrierError: string | null;
}

/** The account's webhook adapter; 404 for an account that is not configured or calls no webhooks. */
export const webhookAdapterOf = (deps: AppDeps, accountName: string): { account: CarrierAccount; adapter: WebhookAdapter } => {
  const account = deps.carriers.find(accountName);
  if (!account?.webhooks) throw notFound(`/webhooks/${accountName}`);
  return { account, adapter: account.webhooks };
};

/** The request carries no usable signature, or it does not match: nothing about it can be trusted. */
export const signatureRefused = (reason: string): AppError => new AppError('webhook-signature-invalid', reason);

export const handleCarrierWebhook = async (deps: AppDeps, accountName: string, request: RawWebhook, webhookBase: string): Promise<HandledWebhook> => {
  const { adapter } = webhookAdapterOf(deps, accountName);
  const forged = adapter.verify(request, deps.clock.now());
  if (forged !== null) throw signatureRefused(forged);
  const reported = adapter.parse(request);
  switch (reported.kind) {
    case 'inbound': {
      const { plan, inReply } = await routeInbound(deps, reported.event);
      return { answer: adapter.answer(plan, inReply, { webhookBase }), refusal: plan.refusal, carrierError: null };
    }
    case 'withheld': {
      // A withheld caller id matches no participant, and no answer could reach them.
      const plan = refusePlan(reported.channel, 'unknown-participant', 'The sender withheld their caller id');
      return { answer: adapter.answer(plan, plan.verbs, { webhookBase }), refusal: plan.refusal, carrierError: null };
    }
    case 'status': {
      const { interactionSid, resourceSid, resourceType, status, durationSeconds, errorCode } = reported.report;
      await recordResourceStatus(deps, { interactionSid, resourceSid, resourceType, status, durationSeconds, carrier: accountName });
      return { answer: adapter.acknowledge(), refusal: null, carrierError: errorCode };
    }
    case 'program-step': {
      // A programmable call's step ended: its next document (or the end of the call), in the carrier's markup.
      const plan = await continueProgram(deps, { carrier: accountName, token: reported.step, resourceSid: reported.resourceSid, params: reported.params });
      return { answer: adapter.answer(plan, plan.verbs, { webhookBase }), refusal: plan.refusal, carrierError: null };
    }
    case 'port-order':
      await portOrderChanged(deps, accountName, reported.ref);
      return { answer: adapter.acknowledge(), refusal: null, carrierError: null };
    case 'ignored':
      return { answer: adapter.acknowledge(), refusal: null, carrierError: null };
  }
};
