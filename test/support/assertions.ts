// Assertions and fixtures several suites share: a carrier send's refusal, a loopback port nothing listens on,
// and a Twilio REST error as the official client reports it.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import twilio from 'twilio';
import { CarrierSendError } from '../../src/ports/carrier.ts';
import { listenOnLoopback } from './loopback-server.ts';

/** `work` fails with CarrierSendError, saying whether the carrier provably did not act, with a message matching `text`. */
export const rejectsAsCarrierSend = async (work: Promise<unknown>, unsent: boolean, text: RegExp): Promise<void> => {
  await assert.rejects(work, (err: unknown) => err instanceof CarrierSendError && err.unsent === unsent && text.test(err.message));
};

/** A loopback port nothing listens on: connecting to it is refused before any byte leaves. */
export const closedPort = async (): Promise<number> => {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
};

/** A predicate for assert.rejects: the twilio client's RestException with this code and HTTP status. */
export const twilioError = (code: number, status = 400) => (err: unknown): true => {
  assert.ok(err instanceof twilio.RestException, `RestException, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  assert.equal(err.status, status);
  return true;
};

/** `work` fails with the twilio client's RestException with this HTTP status and Twilio code. */
export const rejectsWithTwilioError = async (work: () => Promise<unknown>, status: number, code: number): Promise<void> => {
  await assert.rejects(work, twilioError(code, status));
};
