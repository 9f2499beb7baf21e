// Reading a flow document's JSON field by field: each bad field becomes a problem named by its JSON Pointer
// (RFC 6901), e.g. `/nodes/menu/options/1`, and reading goes on, so one answer lists every problem.
import { checkE164 } from './flow-values.ts';

export interface FlowProblem {
  /** RFC 6901, into the document as sent: `/nodes/menu/options/1`, '' for the whole document. */
  readonly pointer: string;
  readonly message: string;
}

export const describeProblem = (p: FlowProblem): string => `${p.pointer || '/'}: ${p.message}`;

const escapeSegment = (segment: string | number): string => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

export const pointerOf = (base: string, ...segments: readonly (string | number)[]): string =>
  `${base}${segments.map((s) => `/${escapeSegment(s)}`).join('')}`;

export type JsonObject = Readonly<Record<string, unknown>>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a JSON value is, for "expected X, got Y" messages. */
export const jsonKind = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
};

export class Problems {
  readonly list: FlowProblem[] = [];
  add(pointer: string, message: string): void {
    this.list.push({ pointer, message });
  }
}

interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** One JSON object of the document, read field by field; fields it does not know are problems. */
export class FieldReader {
  readonly #value: JsonObject;
  readonly at: string;
  readonly problems: Problems;

  constructor(value: JsonObject, at: string, problems: Problems, known: readonly string[]) {
    this.#value = value;
    this.at = at;
    this.problems = problems;
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) problems.add(pointerOf(at, key), `unknown field (expected ${known.map((k) => `"${k}"`).join(', ')})`);
    }
  }

  has(key: string): boolean {
    return Object.hasOwn(this.#value, key) && this.#value[key] !== undefined;
  }

  raw(key: string): unknown {
    return Object.hasOwn(this.#value, key) ? this.#value[key] : undefined;
  }

  pointer(key: string, ...more: readonly (string | number)[]): string {
    return pointerOf(this.at, key, ...more);
  }

  problem(key: string, message: string): void {
    this.problems.add(this.pointer(key), message);
  }

  /** A required field that is missing is a problem; an optional one gives undefined. */
  #present(key: string, required: boolean): unknown {
    const value = this.raw(key);
    if (value === undefined && required) this.problem(key, 'required');
    return value;
  }

  string(key: string, opts: { readonly required?: boolean; readonly max?: number } = {}): string | undefined {
    const value = this.#present(key, opts.required ?? false);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.#wrong(key, 'a string', value);
    if (value.trim() === '') return this.#bad(key, 'must not be empty');
    if (opts.max !== undefined && value.length > opts.max) return this.#bad(key, `at most ${opts.max} characters`);
    return value;
  }

  integer(key: string, fallback: number, bounds: Bounds): number {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.#wrong(key, 'a whole number', value) ?? fallback;
    if (value < bounds.min || value > bounds.max) return this.#bad(key, `expected ${bounds.min} to ${bounds.max}, got ${value}`) ?? fallback;
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') return this.#wrong(key, 'true or false', value) ?? fallback;
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    const found = allowed.find((candidate) => candidate === value);
    if (found === undefined) return this.#bad(key, `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${JSON.stringify(value)}`) ?? fallback;
    return found;
  }

  /** A non-empty array of strings, each checked by `check` (which returns why it is bad, or null). */
  strings(key: string, opts: { readonly required?: boolean; readonly max: number; readonly check: (item: string) => string | null }): string[] | undefined {
    const value = this.#present(key, opts.required ?? false);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.#wrong(key, 'an array of strings', value);
    if (value.length === 0) return this.#bad(key, 'must not be empty');
    if (value.length > opts.max) return this.#bad(key, `at most ${opts.max} entries`);
    const items: string[] = [];
    value.forEach((item: unknown, index) => {
      const why = typeof item === 'string' ? opts.check(item) : `expected a string, got ${jsonKind(item)}`;
      if (why !== null) this.problems.add(this.pointer(key, index), why);
      else if (typeof item === 'string') items.push(item);
    });
    return items.length === value.length ? items : undefined;
  }

  /** A field naming another node: checked to exist later (check-flow-graph.ts), shaped here. */
  nodeRef(key: string, required: boolean): string | null | undefined {
    const value = this.#present(key, required);
    if (value === undefined) return required ? undefined : null;
    if (typeof value !== 'string' || value === '') return this.#wrong(key, 'a node id', value);
    return value;
  }

  e164(key: string): string | undefined {
    const value = this.string(key, { required: true });
    if (value === undefined) return undefined;
    const why = checkE164(value);
    return why === null ? value : this.#bad(key, why);
  }

  #wrong(key: string, expected: string, value: unknown): undefined {
    this.problem(key, `expected ${expected}, got ${jsonKind(value)}`);
    return undefined;
  }

  #bad(key: string, message: string): undefined {
    this.problem(key, message);
    return undefined;
  }
}
