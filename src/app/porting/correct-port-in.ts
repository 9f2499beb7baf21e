// POST /masq/v1/PortIns/{KW} (masq extension; Twilio corrects ports through its support desk): corrected
// losing carrier information and per-number PINs, after which every Rejected number is resubmitted to the
// losing carrier (Rejected -> Submitted; its answer comes with the sweeper's next pass). Numbers not
// rejected keep their place; a correction of a request still Waiting for Signature only updates it.
import { AppError, invalidParameter } from '../../domain/errors.ts';
import { correctedHolder, isRecord, normalizedBody, optionalText } from '../../domain/porting/body.ts';
import { isFinalRequest, isOpenPort, type PortInNumber } from '../../domain/porting/port-in.ts';
import type { AppDeps } from '../deps.ts';
import { moveNumber, settleRequest } from './port-in-events.ts';
import { e164ForPort } from './portability.ts';
import { fetchPortIn, type PortInView } from './port-in-view.ts';

/** New PINs by E.164 number, each naming a number of the request. */
const pinChanges = (body: Readonly<Record<string, unknown>>, numbers: readonly PortInNumber[]): Map<string, string | null> => {
  const changes = new Map<string, string | null>();
  const value = body.phone_numbers;
  if (value === undefined || value === null) return changes;
  if (!Array.isArray(value)) throw invalidParameter('phone_numbers', 'Expected a list of {phone_number, pin}.');
  for (const [i, item] of value.entries()) {
    if (!isRecord(item)) throw invalidParameter(`phone_numbers[${i}]`, 'Expected an object with phone_number and pin.');
    const e164 = e164ForPort(optionalText(item, 'phone_number') ?? '', `phone_numbers[${i}].phone_number`);
    if (!numbers.some((n) => n.phoneNumber === e164)) throw invalidParameter(`phone_numbers[${i}].phone_number`, `${e164} is not in this port-in.`);
    changes.set(e164, optionalText(item, 'pin', `phone_numbers[${i}].pin`));
  }
  return changes;
};

export const correctPortIn = async (deps: AppDeps, accountSid: string, sid: string, rawBody: unknown): Promise<PortInView> => {
  const body = normalizedBody(rawBody);
  const { request, numbers } = await fetchPortIn(deps, accountSid, sid);
  if (isFinalRequest(request.status)) throw new AppError('port-in-not-changeable', `Port-in ${sid} is ${request.status} and cannot be corrected`);
  const holder = correctedHolder(request.details.losingCarrierInformation, body.losing_carrier_information);
  const pins = pinChanges(body, numbers);
  await deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    await tx.updatePortIn(sid, { details: { ...request.details, losingCarrierInformation: holder }, dateUpdated: now });
    for (const number of numbers) {
      const pin = pins.has(number.phoneNumber) ? (pins.get(number.phoneNumber) ?? null) : number.pin;
      // A carrier's rejected order is done with: the corrected submission makes a new one (carrierRef cleared).
      if (number.status === 'Rejected') await moveNumber(deps, tx, number, 'Submitted', { pin, rejectionCode: null, carrierRef: null, pollAt: null });
      else if (pin !== number.pin && isOpenPort(number.status)) await tx.updatePortInNumber(number.sid, number.status, { pin, dateUpdated: now });
    }
    await settleRequest(deps, tx, accountSid, sid);
  });
  return fetchPortIn(deps, accountSid, sid);
};
