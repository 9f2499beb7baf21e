// Value parsers of the settings table (schema.ts). Each converts a raw value or throws an Error saying
// why; none puts the value in its message, so the caller alone decides whether a rejected value may be
// shown. The parsers carriers use too live in domain/setting-values.ts and are re-exported here.
import { text, type RawValue } from '../domain/setting-values.ts';

export {
  accountSid, authToken, httpUrl, nonEmpty, optionalText, required, requiredHttpUrl, text, urlOfSchemes, type RawValue,
} from '../domain/setting-values.ts';

/** The environment as the loader was handed it: the only place env references are resolved from. */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

/** Several reasons one value was rejected, reported as separate problems rather than one long line. */
export class ValueProblems extends Error {
  readonly reasons: readonly string[];
  constructor(reasons: readonly string[]) {
    super(reasons.join('; '));
    this.name = 'ValueProblems';
    this.reasons = reasons;
  }
}

export const integerIn = (min: number, max: number) => (raw: RawValue): number => {
  const value = typeof raw === 'number' ? raw : /^-?\d+$/.test(text(raw)) ? Number(text(raw)) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`must be an integer from ${min} to ${max}`);
  return value;
};

export const boolean = (raw: RawValue): boolean => {
  if (typeof raw === 'boolean') return raw;
  const value = text(raw).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off', ''].includes(value)) return false;
  throw new Error('must be true or false');
};
