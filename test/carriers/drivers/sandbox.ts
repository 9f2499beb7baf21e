// The built-in sandbox: virtual phones text and call through masq's /sandbox routes (the account's Basic
// credentials, no webhooks, so nothing to sign, forge or retry), and what reaches a phone is in its inbox.
// Its messages are delivered as they are sent, so it reports no statuses.
import type { CarrierDriver, DeliveryOptions, DriverInstance, HttpReply, MasqEndpoint, SeenMessage } from './driver.ts';

const SANDBOX = 'sandbox';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const recordAt = (json: Record<string, unknown>, key: string): Record<string, unknown> => {
  const value = json[key];
  return isRecord(value) ? value : {};
};

const stringAt = (json: Record<string, unknown>, key: string): string => {
  const value = json[key];
  return typeof value === 'string' ? value : '';
};

const recordsAt = (json: Record<string, unknown>, key: string): Record<string, unknown>[] => {
  const value = json[key];
  return Array.isArray(value) ? value.filter(isRecord) : [];
};

const phonePath = (number: string): string => `/sandbox/phones/${encodeURIComponent(number)}`;

const expect = (reply: HttpReply, status: number, what: string): HttpReply => {
  if (reply.status !== status) throw new Error(`${what}: masq answered ${reply.status}: ${reply.body}`);
  return reply;
};

/** The sandbox has no webhooks: options that only a webhook carrier can honour are a mistake in the suite. */
const noWebhookOptions = (opts: DeliveryOptions): void => {
  if (opts.resourceId !== undefined || opts.forge !== undefined || opts.answerLost) {
    throw new Error('the sandbox takes no webhooks: its traffic cannot be retried, forged or lose its answer');
  }
};

const inboxOf = async (masq: MasqEndpoint, to: string): Promise<SeenMessage[]> => {
  const reply = expect(await masq.api('GET', `${phonePath(to)}/messages`), 200, `reading ${to}'s inbox`);
  return recordsAt(reply.json, 'messages')
    .filter((m) => m.direction === 'received')
    .map((m) => ({
      via: SANDBOX,
      from: stringAt(m, 'from'),
      to: stringAt(m, 'to'),
      body: stringAt(m, 'body'),
      mediaUrls: Array.isArray(m.media_urls) ? m.media_urls.filter((u): u is string => typeof u === 'string') : [],
      carrierId: stringAt(m, 'sid'),
      statusUrl: null,
    }));
};

const instance: DriverInstance = {
  accountName: SANDBOX,
  account: null,
  newMessageId: () => {
    throw new Error('the sandbox gives its messages their ids itself');
  },
  sms: async (masq, sms, opts = {}) => {
    noWebhookOptions(opts);
    const reply = await masq.api('POST', `${phonePath(sms.from)}/messages`, { To: sms.to, Body: sms.body, MediaUrl: sms.mediaUrls ?? [] });
    return { resourceId: stringAt(recordAt(reply.json, 'message'), 'sid'), reply };
  },
  call: async (masq, from, to, opts = {}) => {
    noWebhookOptions(opts);
    const reply = await masq.api('POST', `${phonePath(from)}/calls`, { To: to, ...(opts.attestation && { Attestation: opts.attestation }) });
    const caller = recordAt(reply.json, 'call');
    const bridged = stringAt(caller, 'bridged_with');
    const delivery = { resourceId: stringAt(caller, 'sid'), reply };
    if (!bridged) return { delivery, dial: null };
    // The leg masq placed toward the partner: it rings at their phone, from the caller id masq chose.
    const leg = expect(await masq.api('GET', `/sandbox/calls/${bridged}`), 200, 'reading the bridged leg').json;
    const dial = { via: SANDBOX, callerId: stringAt(leg, 'from'), to: stringAt(leg, 'to'), inboundCallId: delivery.resourceId, actionUrl: null, legId: bridged };
    return { delivery, dial };
  },
  messagesTo: (masq, to) => inboxOf(masq, to),
  report: () => {
    throw new Error('the sandbox reports no statuses: its messages are delivered as they are sent');
  },
  hangUp: async (masq, dial, seconds) => {
    if (!dial.legId) throw new Error('a sandbox bridge always has its leg');
    expect(await masq.api('POST', `/sandbox/calls/${dial.legId}/answer`), 200, 'the partner answering');
    masq.advance(seconds);
    const ended = expect(await masq.api('POST', `/sandbox/calls/${dial.legId}/hangup`), 200, 'the partner hanging up').json;
    const billed = ended.duration;
    if (typeof billed !== 'number') throw new Error(`the ended leg has no duration: ${JSON.stringify(ended)}`);
    return billed;
  },
  close: async () => undefined,
};

export const sandboxDriver: CarrierDriver = {
  type: SANDBOX,
  features: { webhooks: null, messageReports: false, crossCarrier: false, messagesByApi: true },
  start: async () => instance,
};
