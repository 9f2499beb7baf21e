// The LOA signature. Through the sandbox (POST /sandbox/PortIns/{KW}/Sign) masq plays the e-signature
// Twilio e-mails the authorized representative, and signing submits every number to the losing carrier:
// the request goes In progress and its numbers Submitted; the losing carrier's answer comes with the
// sweeper's next pass (port-in-sweeper.ts). A real carrier (collectsSignature 'carrier') collects the
// signature itself: its order says when a number was signed, and the same move applies then
// (carrier-port-orders.ts), so the sandbox's Sign route refuses its requests.
import { AppError } from '../../domain/errors.ts';
import type { PortInNumber, PortInRequest } from '../../domain/porting/port-in.ts';
import type { Repos } from '../../ports/store.ts';
import type { AppDeps } from '../deps.ts';
import { moveNumber, setRequestStatus, type PortingDeps } from './port-in-events.ts';
import { fetchPortIn, type PortInView } from './port-in-view.ts';

/** The LOA is signed for these numbers: the request goes In progress (signed now, once) and they go Submitted. */
export const recordSignature = async (deps: PortingDeps, tx: Repos, request: PortInRequest, numbers: readonly PortInNumber[]): Promise<void> => {
  if (request.status === 'Waiting for Signature') await setRequestStatus(deps, tx, request, 'In progress', { signedAt: deps.clock.now() });
  for (const number of numbers) if (number.status === 'Waiting for Signature') await moveNumber(deps, tx, number, 'Submitted');
};

const carrierSigned = (deps: AppDeps, request: PortInRequest): AppError | null => {
  if (deps.carriers.find(request.carrier)?.porting?.collectsSignature !== 'carrier') return null;
  return new AppError('port-in-not-changeable',
    `Port-in ${request.sid} ports to carrier account ${request.carrier}, which collects the LOA signature itself (docs/porting.md, Real carriers): it cannot be signed through the sandbox`);
};

export const signPortIn = async (deps: AppDeps, accountSid: string, sid: string): Promise<PortInView> => {
  const { request, numbers } = await fetchPortIn(deps, accountSid, sid);
  const refusal = carrierSigned(deps, request);
  if (refusal) throw refusal;
  if (request.status !== 'Waiting for Signature') {
    throw new AppError('port-in-not-changeable', `Port-in ${sid} is ${request.status}: only a request Waiting for Signature can be signed`);
  }
  await deps.store.transaction(async (tx) => recordSignature(deps, tx, request, numbers));
  return fetchPortIn(deps, accountSid, sid);
};
