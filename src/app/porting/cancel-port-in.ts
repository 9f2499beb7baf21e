// DELETE /v1/Porting/PortIn/{KW} (the whole request) and .../PhoneNumber/{PU} (one number). Numbers not
// yet ported are canceled; numbers already Completed stay in the inventory. A final request (Completed,
// Canceled, Expired) or number (Completed, Canceled) cannot be canceled again.
import { AppError } from '../../domain/errors.ts';
import { isFinalRequest, isOpenPort } from '../../domain/porting/port-in.ts';
import type { PortInNumber } from '../../domain/porting/port-in.ts';
import { CarrierSendError } from '../../ports/carrier.ts';
import type { AppDeps } from '../deps.ts';
import { cancelPortOrders } from './carrier-port-orders.ts';
import { moveNumber, setRequestStatus, settleRequest } from './port-in-events.ts';
import { fetchPortIn, fetchPortInNumber } from './port-in-view.ts';

/** The carrier's orders go first: a port the carrier will not cancel (too close to its FOC date) stays open. */
const cancelAtCarrier = async (deps: AppDeps, numbers: readonly PortInNumber[]): Promise<void> => {
  try {
    await cancelPortOrders(deps, numbers);
  } catch (err) {
    if (err instanceof CarrierSendError) throw new AppError('downstream-rejected', `The carrier did not cancel the port: ${err.message}`);
    throw err;
  }
};

export const cancelPortIn = async (deps: AppDeps, accountSid: string, sid: string): Promise<void> => {
  const { request, numbers } = await fetchPortIn(deps, accountSid, sid);
  if (isFinalRequest(request.status)) throw new AppError('port-in-not-changeable', `Port-in ${sid} is ${request.status} and cannot be canceled`);
  await cancelAtCarrier(deps, numbers);
  await deps.store.transaction(async (tx) => {
    for (const number of numbers) if (isOpenPort(number.status)) await moveNumber(deps, tx, number, 'Canceled', { pollAt: null });
    await setRequestStatus(deps, tx, request, 'Canceled', { orderCancellationReason: 'Canceled by the customer' });
  });
};

export const cancelPortInNumber = async (deps: AppDeps, accountSid: string, requestSid: string, sid: string): Promise<void> => {
  const number = await fetchPortInNumber(deps, accountSid, requestSid, sid);
  if (!isOpenPort(number.status)) throw new AppError('port-in-not-changeable', `${number.phoneNumber} is ${number.status} in port-in ${requestSid} and cannot be canceled`);
  await cancelAtCarrier(deps, [number]);
  await deps.store.transaction(async (tx) => {
    await moveNumber(deps, tx, number, 'Canceled', { pollAt: null });
    await settleRequest(deps, tx, accountSid, requestSid);
  });
};
