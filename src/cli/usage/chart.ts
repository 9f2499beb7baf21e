// A horizontal bar chart for the terminal: one line per row, label, bar, value. Bars are drawn in eighths
// of a character with the Unicode block elements, so small differences still show; their width scales to
// the terminal. Colour only on a terminal: piped output stays plain text.

export interface ChartRow {
  readonly label: string;
  readonly value: number;
  /** The value as printed after the bar (e.g. "$1.15"). */
  readonly text: string;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const FULL = '█';
const MIN_BAR = 10;
const CYAN = '\u001b[36m';
const RESET = '\u001b[0m';

/** A bar of `value / max` of `width` characters, to the nearest eighth; at least a sliver for any value above 0. */
export const bar = (value: number, max: number, width: number): string => {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return FULL.repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? '');
};

export const renderChart = (rows: readonly ChartRow[], columns: number, colour: boolean): string => {
  if (rows.length === 0) return '';
  const labelWidth = Math.max(...rows.map((r) => r.label.length));
  const textWidth = Math.max(...rows.map((r) => r.text.length));
  const barWidth = Math.max(MIN_BAR, columns - labelWidth - textWidth - 4);
  const max = Math.max(...rows.map((r) => r.value));
  return rows.map((r) => {
    const drawn = bar(r.value, max, barWidth);
    const padded = drawn.padEnd(barWidth);
    const shown = colour && drawn !== '' ? `${CYAN}${drawn}${RESET}${padded.slice(drawn.length)}` : padded;
    return `${r.label.padEnd(labelWidth)}  ${shown}  ${r.text.padStart(textWidth)}`.trimEnd();
  }).join('\n') + '\n';
};
