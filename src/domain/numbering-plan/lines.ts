// The lines of a range that a Contains pattern can match, generated from the pattern rather than
// filtered: for each place the pattern can sit in the national number, the digits it fixes in the
// line are fixed and only the rest are counted through. A search's cost then follows its results,
// not the size of the plan. A `%` pattern cannot fix positions: those lines are tested one by one,
// under a budget per search (PATTERN_SCAN_BUDGET) so a rare pattern cannot scan the whole plan.
import { containsRegExp } from './contains.ts';
import type { NumberRange } from './ranges.ts';
import type { ContainsPattern } from './types.ts';

/** Lines one `%` search may test before it settles for what it found. */
export const PATTERN_SCAN_BUDGET = 200_000;

export interface ScanBudget {
  remaining: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function* everyLine(range: NumberRange): Generator<string> {
  for (let n = 0; n < 10 ** range.freeDigits; n++) yield `${range.prefix}${pad(n, range.freeDigits)}`;
}

/** The line digits a pattern placed at `offset` fixes (null = free), or null when it contradicts the prefix. */
const constraintsAt = (range: NumberRange, tokens: readonly (string | null)[], offset: number): (string | null)[] | null => {
  if (offset + tokens.length > range.prefix.length + range.freeDigits) return null;
  const fixed: (string | null)[] = Array.from({ length: range.freeDigits }, () => null);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === null || token === undefined) continue;
    const position = offset + i;
    if (position < range.prefix.length) {
      if (range.prefix[position] !== token) return null;
    } else {
      fixed[position - range.prefix.length] = token;
    }
  }
  return fixed;
};

function* linesWith(range: NumberRange, fixed: readonly (string | null)[]): Generator<string> {
  const free = fixed.filter((d) => d === null).length;
  for (let n = 0; n < 10 ** free; n++) {
    const counted = pad(n, free);
    let k = 0;
    yield range.prefix + fixed.map((d) => d ?? counted[k++]).join('');
  }
}

const offsetsFor = (pattern: ContainsPattern, length: number, tokenCount: number): number[] => {
  const last = length - tokenCount;
  if (last < 0) return [];
  if (pattern.anchorStart && pattern.anchorEnd) return last === 0 ? [0] : [];
  if (pattern.anchorStart) return [0];
  if (pattern.anchorEnd) return [last];
  return Array.from({ length: last + 1 }, (_, i) => i);
};

/** Token lists to place: a `+` pattern may start with the country code, which national numbers lack. */
const tokenVariants = (pattern: ContainsPattern, tokens: readonly (string | null)[], countryCode: string): (readonly (string | null)[])[] => {
  const variants = [tokens];
  const head = tokens.slice(0, countryCode.length).join('');
  if (pattern.anchorStart && head === countryCode) variants.push(tokens.slice(countryCode.length));
  return variants;
};

function* placedLines(range: NumberRange, pattern: ContainsPattern, tokens: readonly (string | null)[]): Generator<string> {
  const seen = new Set<string>();
  const length = range.prefix.length + range.freeDigits;
  for (const variant of tokenVariants(pattern, tokens, range.countryCode)) {
    for (const offset of offsetsFor(pattern, length, variant.length)) {
      const fixed = constraintsAt(range, variant, offset);
      if (fixed === null) continue;
      for (const line of linesWith(range, fixed)) {
        if (seen.has(line)) continue;
        seen.add(line);
        yield line;
      }
    }
  }
}

/** For a `+` pattern, whether its first segment can start this range's numbers (else skip the range unscanned). */
const startFits = (range: NumberRange, pattern: ContainsPattern): boolean => {
  const first = pattern.segments[0] ?? [];
  if (!pattern.anchorStart) return true;
  return tokenVariants(pattern, first, range.countryCode).some((tokens) => constraintsAt(range, tokens, 0) !== null);
};

function* scannedLines(range: NumberRange, pattern: ContainsPattern, budget: ScanBudget): Generator<string> {
  if (!startFits(range, pattern)) return;
  const regexp = containsRegExp(pattern);
  for (const line of everyLine(range)) {
    if (budget.remaining-- <= 0) return;
    if (regexp.test(line) || (pattern.anchorStart && regexp.test(`${range.countryCode}${line}`))) yield line;
  }
}

/** The national numbers of a range that match the pattern (all of them without one), ascending per placement. */
export const linesOf = (range: NumberRange, pattern: ContainsPattern | null, budget: ScanBudget): Iterable<string> => {
  if (pattern === null) return everyLine(range);
  const [only, ...rest] = pattern.segments;
  if (only !== undefined && rest.length === 0) return placedLines(range, pattern, only);
  return scannedLines(range, pattern, budget);
};
