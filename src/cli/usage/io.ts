// What `masq usage` needs of the terminal besides the numbers commands' io: whether stdout is one (colour)
// and how wide it is (the chart's width).
import { processIo, type CliIo } from '../numbers/io.ts';

export interface UsageIo extends CliIo {
  readonly stdoutIsTty: boolean;
  /** The terminal's width; null when stdout is not a terminal. */
  readonly columns: number | null;
}

/** Charts written to a pipe or a file are this wide. */
export const DEFAULT_COLUMNS = 80;

export const processUsageIo = (): UsageIo => ({
  ...processIo(),
  stdoutIsTty: process.stdout.isTTY === true,
  columns: process.stdout.isTTY === true ? process.stdout.columns : null,
});
