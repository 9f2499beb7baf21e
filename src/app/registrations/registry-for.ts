// Which registry a registration goes to (docs/messaging.md, "Real carriers"): the carrier account's own
// when it has a registration API (CarrierAccount.registration), masq's sandbox registry otherwise.
import { AppError } from '../../domain/errors.ts';
import { MASQ_REGISTRY, registryOf, type RegistryLink } from '../../domain/messaging/registry-link.ts';
import { CarrierSendError, type CarrierAccounts } from '../../ports/carrier.ts';
import { RegistryRefusal, type RegistrationPort } from '../../ports/registration.ts';
import { SANDBOX_REGISTRY } from './sandbox-registry.ts';

/** Where a new registration on carrier account `carrier` goes (throws when no such account is configured). */
export const linkFor = (carriers: CarrierAccounts, carrier: string): RegistryLink =>
  carriers.get(carrier).registration ? { carrier, ref: null } : MASQ_REGISTRY;

/** The registry holding `item`; null when its carrier account is no longer configured (it waits, unchanged). */
export const registryFor = (carriers: CarrierAccounts, item: { readonly registry?: RegistryLink }): RegistrationPort | null => {
  const link = registryOf(item);
  if (link.carrier === null) return SANDBOX_REGISTRY;
  return carriers.find(link.carrier)?.registration ?? null;
};

/** Like registryFor, for a request a caller is waiting on: a missing account is an error. */
export const requireRegistry = (carriers: CarrierAccounts, item: { readonly registry?: RegistryLink }): RegistrationPort => {
  const port = registryFor(carriers, item);
  if (!port) throw new AppError('downstream-rejected', `Carrier account ${registryOf(item).carrier ?? ''} holds this registration but is no longer configured`);
  return port;
};

/** Runs a registry request for a waiting caller: a carrier's refusal or failure becomes masq's 80613 (502). */
export const askRegistry = async <T>(carrier: string | null, ask: () => Promise<T>): Promise<T> => {
  try {
    return await ask();
  } catch (err) {
    if (err instanceof RegistryRefusal || err instanceof CarrierSendError) {
      throw new AppError('downstream-rejected', `The registry of carrier account ${carrier ?? 'masq'} did not take the request: ${err.message}`);
    }
    throw err;
  }
};
