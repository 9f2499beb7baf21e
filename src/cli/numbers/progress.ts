// A one-line progress indicator on stderr, drawn only when stderr is a terminal (so pipes, logs and
// --json output stay clean). With a known total it is a bar; without (an import, whose size the carrier
// does not say up front) it counts.
import type { CliIo } from './io.ts';

const BAR_WIDTH = 24;

export class Progress {
  readonly #io: CliIo;
  readonly #label: string;
  readonly #total: number | null;
  #done = 0;
  #detail = '';
  #drawn = false;

  constructor(io: CliIo, label: string, total: number | null) {
    this.#io = io;
    this.#label = label;
    this.#total = total;
  }

  /** Whether anything is drawn at all. */
  get visible(): boolean {
    return this.#io.stderrIsTty;
  }

  /** Counts `count` more items done; `detail` replaces the text after the count (e.g. "3 skipped"). */
  tick(count = 1, detail?: string): void {
    this.#done += count;
    if (detail !== undefined) this.#detail = detail;
    this.#draw();
  }

  /** Clears the line, so what the command prints next starts on a clean one. */
  stop(): void {
    if (this.#drawn) this.#io.stderr('\r\x1b[2K');
    this.#drawn = false;
  }

  /** The text of the line (without the carriage return): what a test checks. */
  line(): string {
    const detail = this.#detail ? ` (${this.#detail})` : '';
    if (this.#total === null) return `${this.#label} ${this.#done}${detail}`;
    const filled = this.#total === 0 ? BAR_WIDTH : Math.round((this.#done / this.#total) * BAR_WIDTH);
    return `${this.#label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${this.#done}/${this.#total}${detail}`;
  }

  #draw(): void {
    if (!this.visible) return;
    this.#io.stderr(`\r\x1b[2K${this.line()}`);
    this.#drawn = true;
  }
}
