// A real carrier's number API as the lifecycle sweeper sees it: it records every release, can be made slow
// (to hold two sweepers in the race) or to fail, and sells nothing.
import type { CarrierAccount, NumbersPort, OrderState, OwnedPage } from '../../src/ports/carrier.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { AppError } from '../../src/domain/errors.ts';
import { RecordingCarrier } from './app-deps.ts';

export class FakeNumbersPort implements NumbersPort {
  readonly released: { e164: string; carrierRef: string }[] = [];
  /** Failures still to come: each release throws while this is above 0. */
  failures = 0;
  delayMs = 0;

  countries() {
    return [];
  }
  async search() {
    return [];
  }
  order(): Promise<OrderState> {
    return Promise.reject(new Error('the fake carrier sells nothing'));
  }
  getOrder(): Promise<OrderState> {
    return Promise.reject(new Error('the fake carrier has no orders'));
  }
  async release(number: { readonly e164: string; readonly carrierRef: string }): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('carrier API answered 503');
    }
    this.released.push({ e164: number.e164, carrierRef: number.carrierRef });
  }
  async pointAtMasq(): Promise<void> {}
  async listOwned(): Promise<OwnedPage> {
    return { numbers: [], next: null };
  }
}

export const FAKE_CARRIER = 'fakecarrier';

/** `deps` with a second carrier account, FAKE_CARRIER (a real carrier's type), beside its sandbox. */
export const withFakeCarrier = <D extends AppDeps>(deps: D, numbers: FakeNumbersPort): D => {
  const messaging = new RecordingCarrier();
  const fake: CarrierAccount = {
    name: FAKE_CARRIER, type: 'twilio', delivery: { message: 'api', voice: 'api' },
    defaultCapabilities: () => ({ voice: true, sms: true, mms: false }),
    messaging, voice: messaging, webhooks: null, numbers,
  };
  const find = (name: string): CarrierAccount | null => (name === FAKE_CARRIER ? fake : deps.carriers.find(name));
  return {
    ...deps,
    carriers: {
      find,
      get: (name) => {
        const account = find(name);
        if (!account) throw new AppError('parameter-invalid', `no carrier ${name}`);
        return account;
      },
      names: () => [...deps.carriers.names(), FAKE_CARRIER],
    },
  };
};
