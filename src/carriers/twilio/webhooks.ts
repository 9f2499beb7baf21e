// Everything masq's HTTP layer needs to answer Twilio's webhooks, bundled for the composition root to
// hand over (http/ may not import carriers/, so it receives this instead): signature check with the
// Twilio account's auth token, webhook parsing, and TwiML rendering.
import { emptyTwiml, renderTwiml, type Twiml, type TwimlOutcome } from './render.ts';
import { isWithheldSender, parseInbound, parseStatus, type StatusCallbackKind, type StatusReport, type TwilioParams } from './inbound.ts';
import { verifyTwilioSignature } from './signature.ts';
import type { InboundChannel, InboundEvent } from '../../domain/routing.ts';

export interface TwilioWebhookKit {
  verifySignature(signature: string | undefined, url: string, params: TwilioParams): boolean;
  /** The caller withheld their number (From=Anonymous...): nothing to route, answered politely. */
  withheldSender(params: TwilioParams): boolean;
  parseInbound(channel: InboundChannel, params: TwilioParams): InboundEvent;
  parseStatus(kind: StatusCallbackKind, params: TwilioParams): StatusReport | null;
  render(outcome: TwimlOutcome, publicUrl: string): Twiml;
  acknowledge(): Twiml;
}

export const createTwilioWebhookKit = (authToken: string): TwilioWebhookKit => ({
  verifySignature: (signature, url, params) => verifyTwilioSignature(authToken, signature, url, params),
  withheldSender: isWithheldSender,
  parseInbound,
  parseStatus,
  render: renderTwiml,
  acknowledge: emptyTwiml,
});
