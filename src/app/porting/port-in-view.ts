// Reading port-ins: a request with its numbers (what fetch and create answer), one number, and the list.
import { AppError } from '../../domain/errors.ts';
import type { PortInNumber, PortInRequest } from '../../domain/porting/port-in.ts';
import type { Page, PageRequest, PortInFilter } from '../../ports/store.ts';
import type { AppDeps } from '../deps.ts';

export interface PortInView {
  readonly request: PortInRequest;
  readonly numbers: readonly PortInNumber[];
}

export const loadPortIn = async (deps: Pick<AppDeps, 'store'>, accountSid: string, sid: string): Promise<PortInView | null> => {
  const request = await deps.store.findPortIn(accountSid, sid);
  return request ? { request, numbers: await deps.store.portInNumbers(sid) } : null;
};

export const portInNotFound = (sid: string): AppError => new AppError('not-found', `The requested resource /Porting/PortIn/${sid} was not found`);

export const fetchPortIn = async (deps: Pick<AppDeps, 'store'>, accountSid: string, sid: string): Promise<PortInView> => {
  const view = await loadPortIn(deps, accountSid, sid);
  if (!view) throw portInNotFound(sid);
  return view;
};

export const fetchPortInNumber = async (deps: Pick<AppDeps, 'store'>, accountSid: string, requestSid: string, sid: string): Promise<PortInNumber> => {
  const number = await deps.store.findPortInNumber(accountSid, requestSid, sid);
  if (!number) throw new AppError('not-found', `The requested resource /Porting/PortIn/${requestSid}/PhoneNumber/${sid} was not found`);
  return number;
};

/** A page of requests, each with its numbers (the list reports how many were requested and ported). */
export const listPortIns = async (deps: Pick<AppDeps, 'store'>, accountSid: string, filter: PortInFilter, page: PageRequest): Promise<Page<PortInView>> => {
  const found = await deps.store.listPortIns(accountSid, filter, page);
  const items = await Promise.all(found.items.map(async (request) => ({ request, numbers: await deps.store.portInNumbers(request.sid) })));
  return { items, hasMore: found.hasMore };
};
