import type { ComponentChildren } from 'preact';

export interface Column<Row> {
  readonly key: string;
  readonly label: string;
  /** How a cell shows; by default the row's field of that key as text. */
  readonly render?: (row: Row) => ComponentChildren;
}

interface DataTableProps<Row> {
  /** Names the table for screen readers (and shows above it). */
  readonly caption: string;
  readonly columns: readonly Column<Row>[];
  readonly rows: readonly Row[];
  /** What to show, and what to do next, when there are no rows. */
  readonly empty: ComponentChildren;
  /** A stable key per row (a SID); the index otherwise. */
  readonly rowKey?: (row: Row, index: number) => string;
}

const fieldText = (row: unknown, key: string): string => {
  if (typeof row !== 'object' || row === null || !(key in row)) return '';
  const value: unknown = Object.getOwnPropertyDescriptor(row, key)?.value;
  return value === null || value === undefined ? '' : String(value);
};

/** A real <table>: a caption, column headers with scope, and a scrolling wrapper on narrow screens. */
export const DataTable = <Row,>({ caption, columns, rows, empty, rowKey }: DataTableProps<Row>) => {
  if (rows.length === 0) return <div class="empty" role="status"><p class="empty-caption">{caption}</p>{empty}</div>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>{columns.map((c) => <th scope="col" key={c.key}>{c.label}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey ? rowKey(row, i) : String(i)}>
              {columns.map((c) => <td key={c.key} data-label={c.label}>{c.render ? c.render(row) : fieldText(row, c.key)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
