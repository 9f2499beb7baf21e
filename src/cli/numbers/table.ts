// Plain-text tables for the terminal: a header, a rule, and columns padded to their widest cell. No
// borders, so the output stays greppable and pastes cleanly (like `docker ps`).
export type Cell = string | number | boolean | null | undefined;

const cellText = (cell: Cell): string => (cell === null || cell === undefined || cell === '' ? '-' : String(cell).replace(/\s+/g, ' '));

export const renderTable = (headers: readonly string[], rows: readonly (readonly Cell[])[]): string => {
  const cells = rows.map((row) => headers.map((_, i) => cellText(row[i])));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (values: readonly string[]): string =>
    values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
};
