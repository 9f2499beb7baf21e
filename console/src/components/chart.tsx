// A Chart.js chart with its numbers as a real table: the canvas is a picture (hidden from screen readers,
// which read the table instead), and a button shows the same table on screen for anyone who wants the
// exact figures. Only the pieces of Chart.js used here are registered, so the bundle carries no more.
import {
  BarController, BarElement, CategoryScale, Chart as ChartJs, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import './chart.css';

ChartJs.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly number[];
}

export interface ChartProps {
  /** The figure's caption, and the table's. */
  readonly title: string;
  /** One label per point (a day, a category). */
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  /** How a value reads in the table and the tooltip (money, a count). */
  readonly format: (value: number) => string;
  /** The header of the label column ("Day", "Category"). */
  readonly labelHeading: string;
  readonly kind?: 'bar' | 'line';
  /** Series stacked into one bar per label (a day's cost by category). */
  readonly stacked?: boolean;
  /** Bars along the vertical axis, for long labels (category names). */
  readonly horizontal?: boolean;
  /** The value axis ticks only at whole numbers (counts). */
  readonly wholeNumbers?: boolean;
}

/** Distinguishable in light and dark schemes, and in the legend's order; the table carries the values anyway. */
const PALETTE = ['#1a73e8', '#e8710a', '#188038', '#d93025', '#9334e6', '#12a4af', '#b06000', '#5f6368'];

const colour = (index: number): string => PALETTE[index % PALETTE.length] ?? '#5f6368';

/** The page's own text colour, so axes read in both colour schemes. */
const cssVar = (name: string, fallback: string): string =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

let nextId = 0;

export const Chart = ({ title, labels, series, format, labelHeading, kind = 'bar', stacked = false, horizontal = false, wholeNumbers = false }: ChartProps) => {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [showTable, setShowTable] = useState(false);
  const [id] = useState(() => `chart-${(nextId += 1)}`);
  // Redrawn when the data changes by value: callers build fresh arrays on every render.
  const dataKey = JSON.stringify([labels, series, kind, stacked, horizontal, wholeNumbers]);

  useEffect(() => {
    const element = canvas.current;
    if (!element) return undefined;
    const text = cssVar('--muted', '#545a66');
    const grid = cssVar('--border', '#c9ccd3');
    const chart = new ChartJs(element, {
      type: kind,
      data: {
        labels: [...labels],
        datasets: series.map((s, i) => ({
          label: s.label, data: [...s.values], backgroundColor: colour(i), borderColor: colour(i), borderWidth: kind === 'line' ? 2 : 0,
        })),
      },
      options: {
        // No animation: it adds nothing to a report, and users who reduce motion get none.
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: series.length > 1, labels: { color: text } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${format(typeof item.raw === 'number' ? item.raw : Number.NaN)}` } },
        },
        indexAxis: horizontal ? 'y' : 'x',
        scales: {
          [horizontal ? 'y' : 'x']: { stacked, ticks: { color: text }, grid: { color: grid } },
          [horizontal ? 'x' : 'y']: {
            stacked, beginAtZero: true, grid: { color: grid },
            ticks: { color: text, ...(wholeNumbers && { precision: 0 }), callback: (value: string | number) => format(typeof value === 'number' ? value : Number(value)) },
          },
        },
      },
    });
    return () => chart.destroy();
  }, [dataKey]);

  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <div class="chart-canvas">
        <canvas ref={canvas} aria-hidden="true" />
      </div>
      <button type="button" class="link-button" aria-expanded={showTable} aria-controls={`${id}-table`} onClick={() => setShowTable((v) => !v)}>
        {showTable ? 'Hide the table' : 'Show as a table'}
      </button>
      <div id={`${id}-table`} class={showTable ? 'table-wrap' : 'visually-hidden'}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeading}</th>
              {series.map((s) => <th scope="col" key={s.label}>{s.label}</th>)}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, row) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((s) => <td key={s.label}>{format(s.values[row] ?? Number.NaN)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
};
