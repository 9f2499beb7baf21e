// Telnyx porting webhooks (JSON events posted to a porting order's webhook_url): porting_order.status_changed
// names the order whose status changed, and masq asks Telnyx where it stands (the same question the
// sweeper's poll asks, so the two agree and apply a change once). Other porting_order.* events
// (new_comment, split, messaging_changed...) are acknowledged and ignored.
import type { WebhookEvent } from '../../ports/carrier.ts';
import { isJsonObject, objectAt, optionalString, parseJsonObject, requiredString } from './json-fields.ts';

export const parsePortingEvent = (rawBody: Buffer): WebhookEvent => {
  const data = objectAt(parseJsonObject(rawBody), 'data', 'data');
  const type = requiredString(data, 'event_type', 'data.event_type');
  if (type !== 'porting_order.status_changed') return { kind: 'ignored', reason: `Telnyx event ${type}` };
  const payload = isJsonObject(data.payload) ? data.payload : {};
  // The payload names the order; the v1-style event carries it at the top as porting_order_id.
  const ref = optionalString(payload, 'id') ?? requiredString(data, 'porting_order_id', 'data.payload.id');
  return { kind: 'port-order', ref };
};
