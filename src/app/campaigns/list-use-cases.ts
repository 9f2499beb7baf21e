// GET /v1/Services/{MG}/Compliance/Usa2p/Usecases?BrandRegistrationSid=: the use cases a campaign of this
// brand may declare (a sole proprietor brand: SOLE_PROPRIETOR only); without a brand, every one masq knows.
import { AppError } from '../../domain/errors.ts';
import { useCasesFor, type UseCase } from '../../domain/messaging/campaign.ts';
import type { MessagingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { requireMessagingService } from './campaign-lookup.ts';

export const listUseCases = async (deps: DepsWith<MessagingRepo>, accountSid: string, serviceSid: string, brandSid: string | null): Promise<readonly UseCase[]> => {
  await requireMessagingService(deps.store, accountSid, serviceSid);
  if (brandSid === null) return useCasesFor(null);
  const brand = await deps.store.findBrandRegistration(accountSid, brandSid);
  if (!brand) throw new AppError('brand-not-registered', `Brand Registration ${brandSid} was not found in this account.`);
  return useCasesFor(brand);
};
