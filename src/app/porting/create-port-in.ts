// POST /v1/Porting/PortIn: a port-in request for up to 1000 numbers, waiting for the LOA signature. Every
// number must be portable now (22133), and none may be in another open port (22137: checked up front
// for a clear message, and by a partial unique index for two requests racing). A gaining carrier that
// collects the signature itself (collectsSignature 'carrier': Twilio, Telnyx) gets the numbers at once, so
// it can send its LOA; a number it could not take then is due on the sweeper's next poll (pollAt now).
import { invalidParameter, AppError } from '../../domain/errors.ts';
import { normalizedBody, parseDetails, parsePhoneNumbers } from '../../domain/porting/body.ts';
import { SIGNATURE_DEADLINE_DAYS, type PortInNumber, type PortInRequest } from '../../domain/porting/port-in.ts';
import { NUMBER_EVENTS, REQUEST_EVENTS } from '../../domain/porting/webhook-config.ts';
import { CarrierSendError } from '../../ports/carrier.ts';
import { StoreConflict } from '../../ports/store.ts';
import type { AppDeps } from '../deps.ts';
import { submitPortNumber } from './carrier-port-orders.ts';
import { checkPortability, e164ForPort, gainingCarrier, notPortableError } from './portability.ts';
import { sendPortingWebhook } from './porting-webhook.ts';
import { loadPortIn, type PortInView } from './port-in-view.ts';

/** The account the numbers port into: the caller's own, or an active subaccount of it. */
const targetAccount = async (deps: AppDeps, callerSid: string, body: Readonly<Record<string, unknown>>): Promise<string> => {
  const given = body.account_sid;
  if (given === undefined || given === null || given === '') return callerSid;
  if (typeof given !== 'string') throw invalidParameter('account_sid', 'Expected an Account SID.');
  if (given === callerSid) return given;
  const account = await deps.store.getAccount(given);
  if (account && account.ownerAccountSid === callerSid && account.status === 'active') return given;
  throw invalidParameter('account_sid', 'It must be your account or one of your active subaccounts.');
};

const numberRecords = async (
  deps: AppDeps, accountSid: string, requestSid: string, body: Readonly<Record<string, unknown>>, now: Date, pollAt: Date | null,
): Promise<PortInNumber[]> => {
  const records: PortInNumber[] = [];
  for (const [i, requested] of parsePhoneNumbers(body).entries()) {
    const e164 = e164ForPort(requested.phoneNumber, `phone_numbers[${i}].phone_number`);
    const portability = await checkPortability(deps, accountSid, e164);
    if (!portability.portable || portability.lineType === null) throw notPortableError(portability);
    records.push({
      sid: deps.ids.sid('portInPhoneNumber'), requestSid, accountSid, phoneNumber: e164, status: 'Waiting for Signature', pin: requested.pin,
      lineType: portability.lineType, rejectionCode: null, portDate: null, numberSid: null, carrierRef: null, pollAt, dateStatusChanged: now, dateCreated: now, dateUpdated: now,
    });
  }
  return records;
};

/** The carrier sends its LOA now; one it could not be reached for is submitted by the sweeper's next poll. */
const submitToCarrier = async (deps: AppDeps, numbers: readonly PortInNumber[]): Promise<void> => {
  for (const number of numbers) {
    try {
      await submitPortNumber(deps, number);
    } catch (err) {
      if (!(err instanceof CarrierSendError)) throw err;
    }
  }
};

export const createPortIn = async (deps: AppDeps, callerSid: string, rawBody: unknown): Promise<PortInView> => {
  const body = normalizedBody(rawBody);
  const now = deps.clock.now();
  const accountSid = await targetAccount(deps, callerSid, body);
  const carrier = gainingCarrier(deps);
  const details = parseDetails(body, now);
  const sid = deps.ids.sid('portInRequest');
  const carrierSigns = carrier.porting.collectsSignature === 'carrier';
  const numbers = await numberRecords(deps, accountSid, sid, body, now, carrierSigns ? now : null);
  const request: PortInRequest = {
    sid, accountSid, status: 'Waiting for Signature', carrier: carrier.name, details,
    supportTicketId: Number.parseInt(deps.ids.token(3), 16), orderCancellationReason: null, signedAt: null,
    expiresAt: new Date(now.getTime() + SIGNATURE_DEADLINE_DAYS * 86_400_000), dateStatusChanged: now, dateCreated: now, dateUpdated: now,
  };
  try {
    await deps.store.transaction(async (tx) => {
      await tx.createPortIn(request, numbers);
      await sendPortingWebhook(deps, tx, accountSid, 'port-in', { eventType: REQUEST_EVENTS[request.status], fields: { port_in_request_sid: sid, status: request.status } });
      for (const n of numbers) {
        await sendPortingWebhook(deps, tx, accountSid, 'port-in', {
          eventType: NUMBER_EVENTS[n.status], fields: { port_in_request_sid: sid, port_in_phone_number_sid: n.sid, phone_number: n.phoneNumber, status: n.status },
        });
      }
    });
  } catch (err) {
    if (err instanceof StoreConflict && err.kind === 'port-in-number') throw new AppError('port-in-in-progress', 'A port-in for one of these numbers is already in progress');
    throw err;
  }
  if (carrierSigns) await submitToCarrier(deps, numbers);
  const view = await loadPortIn(deps, accountSid, sid);
  if (!view) throw new AppError('internal-error', `Port-in ${sid} vanished while being created`);
  return view;
};
