// Reads one element's attributes into typed values, collecting problems instead of throwing, so one answer
// reports every bad attribute at once. Attributes the verb does not read are reported as unsupported:
// silently ignoring e.g. Dial's timeLimit would change what the call does.
import { AppError } from '../errors.ts';
import { checkHttpUrl } from '../http-url.ts';
import type { XmlElement } from './xml-tree.ts';
import type { HttpMethod, TwimlProblem } from './verbs.ts';

export interface ReadContext {
  readonly problems: TwimlProblem[];
  /** Relative URLs resolve against it, as Twilio resolves them against the URL it fetched the TwiML from. */
  readonly baseUrl: string | undefined;
}

interface WholeNumberRange {
  readonly min?: number;
  readonly max?: number;
}

/** `{ [key]: value }` when the value was given, `{}` otherwise: keeps absent attributes absent. */
export const opt = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> => {
  const out: Partial<Record<K, V>> = {};
  if (value !== undefined) out[key] = value;
  return out;
};

export const resolveHttpUrl = (value: string, baseUrl: string | undefined): string | undefined => {
  let resolved: string;
  try {
    resolved = new URL(value, baseUrl).href;
  } catch {
    return undefined;
  }
  try {
    return checkHttpUrl('url', resolved);
  } catch (error) {
    if (error instanceof AppError) return undefined;
    throw error;
  }
};

export class ElementReader {
  private readonly used = new Set<string>();

  constructor(
    readonly element: XmlElement,
    readonly path: string,
    readonly context: ReadContext,
  ) {}

  problem(kind: TwimlProblem['kind'], message: string, at = this.path): void {
    this.context.problems.push({ path: at, kind, message });
  }

  private raw(name: string): string | undefined {
    this.used.add(name);
    return this.element.attributes.get(name);
  }

  private bad(name: string, message: string): undefined {
    this.problem('invalid', message, `${this.path}/@${name}`);
    return undefined;
  }

  text(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return value.trim() === '' ? this.bad(name, `${name} must not be empty.`) : value;
  }

  wholeNumber(name: string, range: WholeNumberRange = {}): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const n = /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : Number.NaN;
    const { min = 0, max = Number.MAX_SAFE_INTEGER } = range;
    if (Number.isNaN(n) || n < min || n > max) return this.bad(name, `${name} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, not '${value}'.`);
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const found = allowed.find((candidate) => candidate === value);
    return found ?? this.bad(name, `${name} must be one of ${allowed.join(', ')}, not '${value}'.`);
  }

  method(name = 'method'): HttpMethod | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const upper = value.trim().toUpperCase();
    if (upper === 'GET' || upper === 'POST') return upper;
    return this.bad(name, `${name} must be GET or POST, not '${value}'.`);
  }

  boolean(name: string): boolean | undefined {
    const value = this.oneOf(name, ['true', 'false']);
    return value === undefined ? undefined : value === 'true';
  }

  url(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return resolveHttpUrl(value, this.context.baseUrl) ?? this.bad(name, `${name} must be an http(s) URL, not '${value}'.`);
  }

  /** Keys from a set (DTMF: 0-9, `*`, `#`), at most `maxLength` of them; '' allowed where Twilio allows it. */
  keys(name: string, pattern: RegExp, description: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return pattern.test(value) ? value : this.bad(name, `${name} must be ${description}, not '${value}'.`);
  }

  /** Reports every attribute the verb did not read; call once, after reading. */
  finish(): void {
    for (const name of this.element.attributes.keys()) {
      if (!this.used.has(name)) this.problem('unsupported', `masq does not support the ${name} attribute of <${this.element.name}>.`, `${this.path}/@${name}`);
    }
  }

  children(): ElementReader[] {
    const siblings = this.element.children;
    return siblings.map((child, index) => new ElementReader(child, childPath(this.path, siblings, index), this.context));
  }

  noChildren(): void {
    for (const [index, child] of this.element.children.entries()) {
      this.problem('not-allowed', `<${this.element.name}> takes no child elements; found <${child.name}>.`, childPath(this.path, this.element.children, index));
    }
  }

  noText(): void {
    if (this.element.text !== '') this.problem('invalid', `<${this.element.name}> takes no text.`);
  }
}

/** XPath-like: the child's position among its same-named siblings, 1-based. */
export const childPath = (parentPath: string, siblings: readonly XmlElement[], index: number): string => {
  const name = siblings[index]?.name ?? '?';
  const position = siblings.slice(0, index + 1).filter((sibling) => sibling.name === name).length;
  return `${parentPath}/${name}[${position}]`;
};
