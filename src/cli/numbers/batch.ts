// Buying or releasing several numbers at once: one request per number, in order, a progress bar while
// they run, every failure reported by number (with masq's code and message) and the rest carried on,
// unless masq cannot be reached or refuses the credentials: then every other request would fail alike.
import { ApiError, UnreachableError } from './client.ts';
import { describeFailure } from './command.ts';
import type { CliIo } from './io.ts';
import { Progress } from './progress.ts';

export interface BatchOutcome<T> {
  readonly done: readonly T[];
  readonly failed: readonly { readonly item: string; readonly reason: string }[];
  /** Items not tried because the batch stopped. */
  readonly notTried: readonly string[];
}

const stopsTheBatch = (err: unknown): boolean => err instanceof UnreachableError || (err instanceof ApiError && err.status === 401);

export const runBatch = async <T>(io: CliIo, label: string, items: readonly string[], work: (item: string) => Promise<T>): Promise<BatchOutcome<T>> => {
  const done: T[] = [];
  const failed: { item: string; reason: string }[] = [];
  // A single request needs no bar.
  const progress = items.length > 1 ? new Progress(io, label, items.length) : null;
  for (const [index, item] of items.entries()) {
    try {
      done.push(await work(item));
    } catch (err) {
      failed.push({ item, reason: describeFailure(err) });
      if (stopsTheBatch(err)) {
        progress?.stop();
        return { done, failed, notTried: items.slice(index + 1) };
      }
    }
    progress?.tick(1, failed.length > 0 ? `${failed.length} failed` : undefined);
  }
  progress?.stop();
  return { done, failed, notTried: [] };
};

/** Each failure on its own stderr line, then what was not tried. */
export const reportFailures = (io: CliIo, outcome: BatchOutcome<unknown>): void => {
  for (const { item, reason } of outcome.failed) io.stderr(`${item}: ${reason}\n`);
  if (outcome.notTried.length > 0) io.stderr(`Stopped; not tried: ${outcome.notTried.join(' ')}\n`);
};
