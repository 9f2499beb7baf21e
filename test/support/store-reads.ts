// Reads storage suites check results with, composed from the product's own reads. They replace two
// methods the product port used to carry for tests alone (findBoundParticipant, identifierHistoryNumbers):
// what no use case calls does not belong in the port every use case sees.
import type { Participant } from '../../src/domain/participant.ts';
import type { AllocationQueries, HistoryNumber, RoutingQueries } from '../../src/ports/store.ts';

/** The bound participant inbound traffic from `identifier` to `proxyIdentifier` is routed from, if any. */
export const boundParticipant = async (store: RoutingQueries, proxyIdentifier: string, identifier: string): Promise<Participant | null> =>
  (await store.findInboundRoute(proxyIdentifier, identifier))?.sender ?? null;

/** The identifier's history with each number's row, newest first, read apart (history, then the numbers). */
export const historyWithNumbers = async (
  store: AllocationQueries, serviceSid: string, identifier: string, limit: number,
): Promise<HistoryNumber[]> => {
  const history = await store.identifierHistory(serviceSid, identifier, limit);
  const numbers = new Map((await store.findNumbersBySids(serviceSid, history.map((h) => h.numberSid))).map((n) => [n.sid, n]));
  return history.flatMap(({ numberSid, lastUsedAt }) => {
    const number = numbers.get(numberSid);
    return number ? [{ number, lastUsedAt }] : [];
  });
};
