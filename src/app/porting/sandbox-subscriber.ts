// GET /sandbox/Subscribers/{E164}: what the sandbox, as the losing carrier, holds on record for a number
// (holder, account number, PIN, address, line type), so a user or a test knows what a port must submit.
import { AppError } from '../../domain/errors.ts';
import type { SubscriberRecord } from '../../domain/porting/losing-carrier.ts';
import { SANDBOX_CARRIER } from '../../ports/sandbox.ts';
import type { AppDeps } from '../deps.ts';
import { e164ForPort } from './portability.ts';

export const sandboxSubscriber = async (deps: Pick<AppDeps, 'carriers'>, raw: string): Promise<SubscriberRecord> => {
  const e164 = e164ForPort(raw);
  const record = await deps.carriers.find(SANDBOX_CARRIER)?.porting?.subscriber?.(e164);
  if (!record) throw new AppError('not-found', `The sandbox holds no subscriber record for ${e164}: it sells the number itself, or the number is not a US number of its plan`);
  return record;
};
