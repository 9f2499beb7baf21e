// The carriers configured in this process, by name.
import { invalidParameter } from '../domain/errors.ts';
import type { Carrier, CarrierRegistry } from '../ports/carrier.ts';

export const createCarrierRegistry = (carriers: readonly Carrier[]): CarrierRegistry => {
  const byName = new Map(carriers.map((c) => [c.name, c]));
  return {
    get(name) {
      const carrier = byName.get(name);
      if (!carrier) throw invalidParameter('Carrier', `No carrier named '${name}' is configured (configured: ${[...byName.keys()].join(', ')}).`);
      return carrier;
    },
    names: () => [...byName.keys()],
  };
};
