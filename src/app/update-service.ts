// POST /v1/Services/{Sid}: omitted parameters stay as they are; an empty URL clears it.
import { AppError } from '../domain/errors.ts';
import type { Service } from '../domain/service.ts';
import type { ServicePatch, ServiceRepo } from '../ports/store.ts';
import { checkServiceInput, uniqueNameTaken, type ServiceInput } from './create-service.ts';
import type { DepsWith } from './deps.ts';
import { fetchService } from './fetch-service.ts';

export const updateService = async (deps: DepsWith<ServiceRepo, 'clock'>, accountSid: string, sidOrUniqueName: string, input: ServiceInput): Promise<Service> => {
  checkServiceInput(input);
  const service = await fetchService(deps, accountSid, sidOrUniqueName);
  const patch: ServicePatch = {
    dateUpdated: deps.clock.now(),
    ...(input.uniqueName !== undefined && { uniqueName: input.uniqueName }),
    ...(input.defaultTtl !== undefined && { defaultTtl: input.defaultTtl }),
    ...(input.geoMatchLevel !== undefined && { geoMatchLevel: input.geoMatchLevel }),
    ...(input.numberSelectionBehavior !== undefined && { numberSelectionBehavior: input.numberSelectionBehavior }),
    ...(input.callbackUrl !== undefined && { callbackUrl: input.callbackUrl || null }),
    ...(input.interceptCallbackUrl !== undefined && { interceptCallbackUrl: input.interceptCallbackUrl || null }),
    ...(input.outOfSessionCallbackUrl !== undefined && { outOfSessionCallbackUrl: input.outOfSessionCallbackUrl || null }),
    ...(input.chatInstanceSid !== undefined && { chatInstanceSid: input.chatInstanceSid || null }),
    ...((input.argentinaMobileNine !== undefined || input.mexicoLegacyOne !== undefined) && {
      dialRules: {
        argentinaMobileNine: input.argentinaMobileNine ?? service.dialRules.argentinaMobileNine,
        mexicoLegacyOne: input.mexicoLegacyOne ?? service.dialRules.mexicoLegacyOne,
      },
    }),
    ...(input.optOutWords !== undefined && { optOutWords: input.optOutWords }),
    ...(input.poolLimit !== undefined && { poolLimit: input.poolLimit }),
  };
  let updated: Service | null;
  try {
    updated = await deps.store.updateService(accountSid, service.sid, patch);
  } catch (err) {
    throw uniqueNameTaken(err, input.uniqueName) ?? err;
  }
  if (!updated) throw new AppError('no-records-updated');
  return updated;
};
