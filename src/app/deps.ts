// What every use case receives from the composition root (src/runtime.ts).
import type { CarrierRegistry } from '../ports/carrier.ts';
import type { Clock } from '../ports/clock.ts';
import type { Ids } from '../ports/ids.ts';
import type { Store } from '../ports/store.ts';

export interface AppSettings {
  /** Carrier new inventory numbers belong to (MASQ_DEFAULT_CARRIER). */
  readonly defaultCarrier: string;
  /** Per-service pool limit applied when a service sets none; null = unlimited. */
  readonly defaultPoolLimit: number | null;
}

export interface AppDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly carriers: CarrierRegistry;
  readonly settings: AppSettings;
}
