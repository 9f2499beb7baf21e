// The set-up the programmable-number use-case suites share (messages, calls, recording callbacks): a
// fresh store with an account, its owner's app on loopback (a TwimlApp checking X-Twilio-Signature under
// the account's auth token), masq's dependencies allowed to call loopback, and one number of the account
// configured by the test (its SmsUrl, VoiceUrl, FlowSid...).
import assert from 'node:assert/strict';
import { DEFAULT_NUMBER_CONFIG, type InventoryNumber, type NumberConfig } from '../../src/domain/inventory-number.ts';
import type { NumberTraffic } from '../../src/domain/programmable/traffic.ts';
import type { InboundEvent } from '../../src/domain/routing.ts';
import { createHttpWebhookSender } from '../../src/webhooks/http-webhook-sender.ts';
import { testDeps } from './app-deps.ts';
import { anAccount, anInventoryNumber, usNumber } from './fixtures.ts';
import type { TestStore } from './stores.ts';
import { TwimlApp } from './twiml-app.ts';

/** What a suite closes once it is done (the stores and apps its tests opened). */
export interface Closeable {
  close(): Promise<void>;
}

/** Opens the store and the app (both closed through `opened`) and adds the number `config` describes. */
export const openAppNumber = async (db: TestStore, opened: Closeable[], config: (app: TwimlApp) => Partial<NumberConfig>) => {
  const store = await db.open();
  opened.push(store);
  const account = anAccount();
  await store.upsertAccount(account);
  const app = await new TwimlApp(() => account.authToken).start();
  opened.push(app);
  // The owner's app listens on loopback, which masq's webhook sender refuses unless told otherwise.
  const deps = { ...testDeps(store), webhooks: createHttpWebhookSender({ allowPrivate: true, userAgent: 'masq/test' }) };
  const number: InventoryNumber = anInventoryNumber(account.sid, usNumber(), { config: { ...DEFAULT_NUMBER_CONFIG, ...config(app) } });
  await store.createInventoryNumber(number);
  /** The call-log record of an inbound event (it must exist). */
  const trafficOf = async (event: InboundEvent): Promise<NumberTraffic> => {
    const traffic = await store.findTrafficByResource(event.carrier, event.resourceSid);
    assert.ok(traffic, 'a traffic record');
    return traffic;
  };
  return { store, deps, account, app, number, trafficOf };
};
