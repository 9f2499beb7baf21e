// One inbound message or call, end to end: plan it (plan-inbound.ts: match, rules, log) and carry the
// plan out (execute-plan.ts). Every carrier's webhook and every sandbox phone comes through here.
import type { InboundEvent } from '../domain/routing.ts';
import type { AppDeps } from './deps.ts';
import { executePlan, type ExecutedPlan } from './execute-plan.ts';
import { planInbound } from './plan-inbound.ts';

// The deliveries being routed by this instance (its deps) right now, by carrier account and message/call id.
const inFlight = new WeakMap<AppDeps, Map<string, Promise<ExecutedPlan>>>();

/**
 * Routes one inbound event. A duplicate that arrives while the first delivery is still being routed here
 * shares its result: what went out by API happened once and is not repeated, and the answer (TwiML) is
 * given again, since a carrier only re-sends a webhook when it stopped waiting for the first answer.
 */
export const routeInbound = async (deps: AppDeps, event: InboundEvent): Promise<ExecutedPlan> => {
  let running = inFlight.get(deps);
  if (!running) inFlight.set(deps, (running = new Map()));
  const key = `${event.carrier}\u0000${event.resourceSid}`;
  const first = running.get(key);
  if (first) return first;
  const routing = planInbound(deps, event).then((plan) => executePlan(deps, event, plan));
  running.set(key, routing);
  try {
    return await routing;
  } finally {
    running.delete(key);
  }
};
