// Moving a port-in's numbers and request between statuses, each move with its signed webhook in the same
// transaction (porting-webhook.ts). Every use case and the sweeper go through these, so no status changes
// without its event.
import type { PortInNumber, PortInRequest, PortNumberStatus, PortRequestStatus } from '../../domain/porting/port-in.ts';
import { requestStatusOf } from '../../domain/porting/port-in.ts';
import { rejectionOf } from '../../domain/porting/rejection-codes.ts';
import { NUMBER_EVENTS, REQUEST_EVENTS } from '../../domain/porting/webhook-config.ts';
import type { PortInNumberPatch, Repos } from '../../ports/store.ts';
import { wireDate } from '../callbacks/wire.ts';
import type { AppDeps } from '../deps.ts';
import { sendPortingWebhook } from './porting-webhook.ts';

export type PortingDeps = Pick<AppDeps, 'clock' | 'ids'>;

const numberEvent = (number: PortInNumber) => {
  const rejection = rejectionOf(number.rejectionCode);
  return {
    eventType: NUMBER_EVENTS[number.status],
    fields: {
      port_in_request_sid: number.requestSid,
      port_in_phone_number_sid: number.sid,
      phone_number: number.phoneNumber,
      status: number.status,
      rejection_reason: rejection?.reason ?? null,
      rejection_reason_code: rejection?.code ?? null,
      masq_rejection_code: rejection?.masqCode ?? null,
      port_date: number.portDate ? wireDate(number.portDate) : null,
    },
  };
};

/**
 * Moves one number from `from` to `to` (with the patch's other fields) and owes its webhook; false when
 * the number was no longer in `from` (another pass moved it first).
 */
export const moveNumber = async (
  deps: PortingDeps, tx: Repos, number: PortInNumber, to: PortNumberStatus, patch: Omit<PortInNumberPatch, 'status' | 'dateUpdated' | 'dateStatusChanged'> = {},
): Promise<boolean> => {
  const now = deps.clock.now();
  const moved = await tx.updatePortInNumber(number.sid, number.status, { ...patch, status: to, dateStatusChanged: now, dateUpdated: now });
  if (moved) await sendPortingWebhook(deps, tx, number.accountSid, 'port-in', numberEvent({ ...number, ...patch, status: to, dateStatusChanged: now }));
  return moved;
};

/** Sets the request's status and owes its webhook, when it changes. */
export const setRequestStatus = async (
  deps: PortingDeps, tx: Repos, request: PortInRequest, status: PortRequestStatus, extra: { readonly signedAt?: Date; readonly orderCancellationReason?: string } = {},
): Promise<void> => {
  if (status === request.status && extra.signedAt === undefined) return;
  const now = deps.clock.now();
  await tx.updatePortIn(request.sid, { status, ...extra, dateStatusChanged: now, dateUpdated: now });
  if (status === request.status) return;
  await sendPortingWebhook(deps, tx, request.accountSid, 'port-in', {
    eventType: REQUEST_EVENTS[status],
    fields: { port_in_request_sid: request.sid, status },
  });
};

/** Brings the request's status in line with its numbers after they moved. */
export const settleRequest = async (deps: PortingDeps, tx: Repos, accountSid: string, requestSid: string): Promise<void> => {
  const request = await tx.findPortIn(accountSid, requestSid);
  if (!request) return;
  const status = requestStatusOf(request.status, await tx.portInNumbers(requestSid));
  await setRequestStatus(deps, tx, request, status);
};
