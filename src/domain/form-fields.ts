// application/x-www-form-urlencoded, as Twilio-style clients and carriers send it: repeated keys become
// arrays, `+` or `%20` are spaces. Hostile input stays cheap: at most MAX_FORM_PARAMS parameters and
// MAX_VALUES_PER_KEY values of one parameter, far above what Twilio or its clients send (a few dozen
// parameters; at most 10 MediaUrl, 2 Participants), and over-cap input is refused after one scan.
import { AppError, invalidParameter } from './errors.ts';

export type FormFields = Record<string, string | string[]>;

export const MAX_FORM_PARAMS = 256;
export const MAX_VALUES_PER_KEY = 20;

export const tooManyParams = (): AppError => new AppError('parameter-invalid', `Too many parameters: at most ${MAX_FORM_PARAMS} per request.`);
export const tooManyValues = (key: string): AppError => invalidParameter(key, `At most ${MAX_VALUES_PER_KEY} values per request.`);

/** Whether `text` has more than `cap` `&`-separated segments; stops scanning as soon as it knows. */
const segmentsExceed = (text: string, cap: number): boolean => {
  let segments = 1;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    segments += 1;
    if (segments > cap) return true;
  }
  return false;
};

/**
 * Repeated keys become arrays, appended in place; a Map first, so a key such as `__proto__` stays an
 * ordinary field. An over-cap body is refused after one scan for `&`, before any decoding.
 */
export const parseForm = (text: string): FormFields => {
  if (segmentsExceed(text, MAX_FORM_PARAMS)) throw tooManyParams();
  const fields = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(text)) {
    const values = fields.get(key);
    if (values === undefined) fields.set(key, [value]);
    else if (values.length < MAX_VALUES_PER_KEY) values.push(value);
    else throw tooManyValues(key);
  }
  return Object.fromEntries([...fields].map(([key, values]) => [key, values.length === 1 ? (values[0] ?? '') : values]));
};
