// Twilio's request encoding: application/x-www-form-urlencoded with PascalCase keys, repeated keys for
// arrays, `+` or `%20` for spaces. On top of that masq accepts keys in any case and in camelCase or
// snake_case (PageSize, pageSize, page_size), and Session `Participants` in both encodings clients
// send: repeated JSON strings (twilio-node 4.x/6.x) and bracket keys `Participants[Identifier]=...`
// (twilio-node 5.7.x, whose qs serialisation loses the grouping of two participants).
// Keys are mapped onto the route schema's property names before validation, so handlers and the
// validator see one spelling.
//
// Hostile input stays cheap: every step is linear in the input (values are appended in place, never
// copied per repeat), and a request carries at most MAX_FORM_PARAMS parameters and MAX_VALUES_PER_KEY
// values of one parameter, far above what Twilio or its clients send (a few dozen parameters; at most
// 10 MediaUrl, 2 Participants). The same caps apply to query strings and JSON bodies.
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, invalidParameter } from '../../domain/errors.ts';
import { MAX_FORM_PARAMS, MAX_VALUES_PER_KEY, parseForm, tooManyParams, tooManyValues, type FormFields } from '../../domain/form-fields.ts';

// The form parser itself is in domain/ (carrier adapters parse their webhooks' forms with it too).
export { MAX_FORM_PARAMS, MAX_VALUES_PER_KEY, parseForm, type FormFields } from '../../domain/form-fields.ts';

/**
 * Query strings are parsed by the router, where a throw is not an answer: an over-cap query parses to an
 * empty object remembered here, and the onRequest hook refuses the request with the error.
 */
const refusedQueries = new WeakMap<object, AppError>();

export const parseQuery = (text: string): FormFields => {
  try {
    return parseForm(text);
  } catch (err) {
    const refused: FormFields = {};
    refusedQueries.set(refused, err instanceof AppError ? err : tooManyParams());
    return refused;
  }
};

const refusedQuery = (request: FastifyRequest): AppError | undefined => {
  const query = request.query;
  return typeof query === 'object' && query !== null ? refusedQueries.get(query) : undefined;
};

const squash = (key: string): string => key.toLowerCase().replace(/[_\-\s]/g, '');

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `properties` of an object schema, and for arrays of objects, the items' properties. */
const propertiesOf = (schema: unknown): Json | null =>
  isRecord(schema) && isRecord(schema.properties) ? schema.properties : null;

const objectItemsOf = (schema: unknown): Json | null =>
  isRecord(schema) && schema.type === 'array' ? propertiesOf(schema.items) : null;

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

const BRACKET = /^([^[\]]+)(?:\[(\d+)\])?\[([^[\]]+)\]$/;

/** An array-of-objects field: JSON strings or objects, plus the bracket keys collected for it. */
const objectList = (name: string, values: unknown[], brackets: Map<number, Json>, itemProps: Json): Json[] => {
  const items = values.map((value) => {
    if (isRecord(value)) return value;
    try {
      const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : null;
      if (isRecord(parsed)) return parsed;
    } catch {
      // fall through to the parameter error below
    }
    throw invalidParameter(name, 'Each item must be a JSON object.');
  });
  return [...items, ...[...brackets.entries()].sort(([a], [b]) => a - b).map(([, item]) => item)]
    .map((item) => normalizeFields(item, itemProps));
};

/**
 * Bracket keys `Name[Field]=v` (or `Name[0][Field]=v`) grouped per item. Without an explicit index the
 * k-th value of a field, whatever its spelling (Identifier, identifier), belongs to the k-th item.
 */
const collectBrackets = (input: Json, arrays: Map<string, string>): Map<string, Map<number, Json>> => {
  const found = new Map<string, Map<number, Json>>();
  const seen = new Map<string, number>();
  for (const [key, value] of Object.entries(input)) {
    const match = BRACKET.exec(key);
    const name = match?.[1] !== undefined ? arrays.get(squash(match[1])) : undefined;
    const field = match?.[3];
    if (!match || name === undefined || field === undefined) continue;
    const items = found.get(name) ?? new Map<number, Json>();
    found.set(name, items);
    for (const v of asList(value)) {
      const counter = `${name}\u0000${squash(field)}`;
      const index = match[2] !== undefined ? Number(match[2]) : (seen.get(counter) ?? 0);
      seen.set(counter, index + 1);
      const item = items.get(index) ?? {};
      item[field] = v;
      items.set(index, item);
    }
  }
  return found;
};

/** JSON bodies reach normalizeFields without parseForm: the same caps, in one pass over the keys. */
const checkCaps = (input: Json): void => {
  const keys = Object.keys(input);
  if (keys.length > MAX_FORM_PARAMS) throw tooManyParams();
  for (const key of keys) {
    const value = input[key];
    if (Array.isArray(value) && value.length > MAX_VALUES_PER_KEY) throw tooManyValues(key);
  }
};

/** Values of several spellings of one name (MediaUrl, media_url) merged, appending in place. */
const mergeSpellings = (input: Json, names: Map<string, string>, skip: (key: string) => boolean): Map<string, unknown> => {
  const out = new Map<string, unknown>();
  const merged = new Map<string, unknown[]>();
  for (const [key, value] of Object.entries(input)) {
    if (skip(key)) continue;
    const name = names.get(squash(key)) ?? key;
    const previous = out.get(name);
    if (previous === undefined) {
      out.set(name, value);
      continue;
    }
    let list = merged.get(name);
    if (list === undefined) {
      list = [...asList(previous)];
      merged.set(name, list);
      out.set(name, list);
    }
    for (const item of asList(value)) list.push(item);
    if (list.length > MAX_VALUES_PER_KEY) throw tooManyValues(name);
  }
  return out;
};

/** Maps `input`'s keys onto the schema's property names; keys the schema does not know pass through. */
export const normalizeFields = (input: Json, properties: Json): Json => {
  checkCaps(input);
  const names = new Map(Object.keys(properties).map((name) => [squash(name), name]));
  const arrays = new Map([...names].filter(([, name]) => objectItemsOf(properties[name]) !== null));
  const brackets = collectBrackets(input, arrays);
  const isBracket = (key: string): boolean => BRACKET.test(key) && arrays.has(squash(BRACKET.exec(key)?.[1] ?? ''));
  const out: Json = Object.fromEntries(mergeSpellings(input, names, isBracket));
  for (const name of arrays.values()) {
    const itemProps = objectItemsOf(properties[name]);
    const extra = brackets.get(name);
    if (itemProps && (out[name] !== undefined || extra)) out[name] = objectList(name, asList(out[name]), extra ?? new Map(), itemProps);
  }
  return out;
};

/** A plain decimal integer; what Twilio's clients send for Ttl, PageSize, Page. */
const DECIMAL = /^-?\d{1,20}$/;

const isPlainInteger = (value: unknown): boolean =>
  typeof value === 'string' ? DECIMAL.test(value) : typeof value !== 'number' || Number.isSafeInteger(value);

/**
 * Ajv coerces any string Number() reads ('Infinity', '1e400', '0x10', ' 5') and then skips `minimum`
 * and `maximum` for non-finite numbers, so `PageSize=Infinity` passed validation. Integer parameters
 * must therefore be plain decimal integers before the schema sees them; the schema checks their range.
 */
export const checkIntegers = (fields: Json, properties: Json): void => {
  for (const [name, schema] of Object.entries(properties)) {
    if (!isRecord(schema) || schema.type !== 'integer' || fields[name] === undefined) continue;
    if (!asList(fields[name]).every(isPlainInteger)) throw invalidParameter(name, 'Expected a whole number.');
  }
};

const normalizeChecked = (input: unknown, properties: Json): Json => {
  const fields = normalizeFields(isRecord(input) ? input : {}, properties);
  checkIntegers(fields, properties);
  return fields;
};

export const registerFormBody = async (app: FastifyInstance): Promise<void> => {
  await app.register(formbody, { parser: parseForm });
  app.addHook('onRequest', async (request) => {
    const refused = refusedQuery(request);
    if (refused) throw refused;
  });
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema;
    const body = propertiesOf(schema?.body);
    if (body) request.body = normalizeChecked(request.body, body);
    const query = propertiesOf(schema?.querystring);
    if (query) request.query = normalizeChecked(request.query, query);
  });
};
