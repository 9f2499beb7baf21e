// The port-out sweeper (health name `port-out-sweeper`, every MASQ_NUMBER_SWEEP_INTERVAL_MS): completes
// the open port-outs whose due date has come, a bounded batch per pass, soonest first. Each request is
// completed on its own (complete-port-out.ts, under its number's lock), so two instances sweeping at once
// complete each one once, and one that fails is reported and left for a later pass.
import type { DepsWith } from '../deps.ts';
import type { PortOutRepo } from '../../ports/store.ts';
import { completePortOut, type Completing } from './complete-port-out.ts';

export interface PortOutSweepReport {
  readonly completed: number;
  readonly failed: number;
  /** A full batch with nothing failing: more may be due, and the periodic task runs the next pass at once. */
  readonly more: boolean;
}

export interface PortOutSweepOptions {
  readonly limit?: number;
  readonly onProblem?: (err: unknown) => void;
}

export const PORT_OUT_SWEEP_LIMIT = 100;

export const sweepPortOuts = async (deps: Completing & DepsWith<PortOutRepo, 'clock'>, options: PortOutSweepOptions = {}): Promise<PortOutSweepReport> => {
  const limit = options.limit ?? PORT_OUT_SWEEP_LIMIT;
  const due = await deps.store.duePortOuts(deps.clock.now(), limit);
  let completed = 0;
  let failed = 0;
  for (const portOut of due) {
    try {
      if ((await completePortOut(deps, portOut)) === 'completed') completed += 1;
    } catch (err) {
      failed += 1;
      options.onProblem?.(err);
    }
  }
  // A failing request stays due: draining on would retry it at once, in a loop, rather than next tick.
  return { completed, failed, more: failed === 0 && due.length >= limit };
};
