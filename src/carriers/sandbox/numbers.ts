// The sandbox's numbers for sale: its simulated numbering plan (domain/numbering-plan) less every number
// already in masq's inventory, so availability changes as numbers are bought and come back.
import { planCountries, searchPlan } from '../../domain/numbering-plan/plan.ts';
import type { AvailableNumber, NumberSearch } from '../../domain/numbering-plan/types.ts';
import type { NumberCountry, NumberOrder, NumbersPort, OrderState, OwnedPage } from '../../ports/carrier.ts';
import { describePlanNumber } from '../../domain/numbering-plan/plan.ts';

/** Whether a number is in masq's inventory (any account's). */
export type IsInInventory = (e164: string) => Promise<boolean>;

/** Candidates checked against the inventory at once: a page's worth, at least a few. */
const MIN_BATCH = 16;

export class SandboxNumbers implements NumbersPort {
  readonly #inInventory: IsInInventory;

  constructor(inInventory: IsInInventory) {
    this.#inInventory = inInventory;
  }

  countries(): readonly NumberCountry[] {
    return planCountries();
  }

  async search(query: NumberSearch): Promise<readonly AvailableNumber[]> {
    const found: AvailableNumber[] = [];
    const candidates = searchPlan(query);
    while (found.length < query.limit) {
      const batch = take(candidates, Math.max(MIN_BATCH, query.limit - found.length));
      if (batch.length === 0) break;
      const taken = await Promise.all(batch.map((n) => this.#inInventory(n.e164)));
      for (const [i, number] of batch.entries()) if (!taken[i] && found.length < query.limit) found.push(number);
    }
    return found;
  }

  /**
   * The sandbox sells any number of its plan in stock; it has no webhooks to point. Whether masq holds it
   * already is masq's own check (the inventory's live-number index), made before the order is placed.
   */
  async order(request: NumberOrder): Promise<OrderState> {
    const described = describePlanNumber(request.e164);
    if (!described) return { state: 'failed', reason: `${request.e164} is not a number the sandbox sells`, unavailable: true };
    return {
      state: 'complete',
      number: {
        e164: described.e164, carrierRef: described.e164, type: described.type, capabilities: described.capabilities,
        friendlyName: null, monthlyPrice: described.monthlyPrice, place: described,
      },
    };
  }

  getOrder(orderRef: string): Promise<OrderState> {
    return Promise.reject(new Error(`the sandbox completes its orders at once; no order ${orderRef}`));
  }

  /** A released sandbox number goes back into the plan: it is for sale again once no record holds it. */
  async release(): Promise<void> {}

  async pointAtMasq(): Promise<void> {}

  /** The sandbox holds nothing of its own outside masq's inventory. */
  async listOwned(): Promise<OwnedPage> {
    return { numbers: [], next: null };
  }
}

const take = <T>(source: Iterator<T>, count: number): T[] => {
  const items: T[] = [];
  while (items.length < count) {
    const next = source.next();
    if (next.done) break;
    items.push(next.value);
  }
  return items;
};
