// GET /masq/v1/PortOuts[/{PO}]: the port-out requests for the account's numbers, every status: the open
// ones it may still reject, the completed ones, and the rejected ones (wrong PINs among them).
import { AppError, invalidParameter, notFound } from '../../domain/errors.ts';
import { parseIdentifier } from '../../domain/phone-number.ts';
import { PORT_OUT_STATUSES, type PortOut, type PortOutStatus } from '../../domain/port-out.ts';
import { isSid } from '../../domain/sid.ts';
import type { Page, PageRequest, PortOutRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';

export interface PortOutListFilter {
  readonly status?: string;
  readonly phoneNumber?: string;
}

const statusOf = (raw: string): PortOutStatus => {
  const found = PORT_OUT_STATUSES.find((status) => status === raw.trim().toLowerCase());
  if (!found) throw invalidParameter('Status', `Expected one of ${PORT_OUT_STATUSES.join(', ')}.`);
  return found;
};

/** An E.164 parameter, or 80701 naming it. */
export const e164Param = (raw: string, param: string): string => {
  try {
    const parsed = parseIdentifier(raw.trim());
    if (parsed.kind === 'phone') return parsed.e164;
  } catch {
    // reported below
  }
  throw invalidParameter(param, 'Expected an E.164 number such as +14155551212.');
};

export const listPortOuts = (deps: DepsWith<PortOutRepo>, accountSid: string, filter: PortOutListFilter, page: PageRequest): Promise<Page<PortOut>> =>
  deps.store.listPortOuts(accountSid, {
    ...(filter.status !== undefined && { status: statusOf(filter.status) }),
    ...(filter.phoneNumber !== undefined && { phoneNumber: e164Param(filter.phoneNumber, 'PhoneNumber') }),
  }, page);

export const fetchPortOut = async (deps: DepsWith<PortOutRepo>, accountSid: string, sid: string): Promise<PortOut> => {
  if (!isSid('portOutRequest', sid)) throw new AppError('parameter-invalid', `Invalid port-out SID ${sid}: expected PO followed by 32 hex digits`);
  const found = await deps.store.findPortOut(accountSid, sid);
  if (!found) throw notFound(`/masq/v1/PortOuts/${sid}`);
  return found;
};
