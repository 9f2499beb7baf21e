// Twilio's request encoding: application/x-www-form-urlencoded with PascalCase keys, repeated keys for
// arrays, `+` or `%20` for spaces. On top of that masq accepts keys in any case and in camelCase or
// snake_case (PageSize, pageSize, page_size), and Session `Participants` in both encodings clients
// send: repeated JSON strings (twilio-node 4.x/6.x) and bracket keys `Participants[Identifier]=...`
// (twilio-node 5.7.x, whose qs serialisation loses the grouping of two participants).
// Keys are mapped onto the route schema's property names before validation, so handlers and the
// validator see one spelling.
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { invalidParameter } from '../../domain/errors.ts';

export type FormFields = Record<string, string | string[]>;

/** Repeated keys become arrays; a Map first, so a key such as `__proto__` stays an ordinary field. */
export const parseForm = (text: string): FormFields => {
  const fields = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = fields.get(key);
    fields.set(key, previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value]);
  }
  return Object.fromEntries(fields);
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

/** Maps `input`'s keys onto the schema's property names; keys the schema does not know pass through. */
export const normalizeFields = (input: Json, properties: Json): Json => {
  const names = new Map(Object.keys(properties).map((name) => [squash(name), name]));
  const arrays = new Map([...names].filter(([, name]) => objectItemsOf(properties[name]) !== null));
  const brackets = collectBrackets(input, arrays);
  const out: Json = {};
  for (const [key, value] of Object.entries(input)) {
    if (BRACKET.test(key) && arrays.has(squash(BRACKET.exec(key)?.[1] ?? ''))) continue;
    const name = names.get(squash(key)) ?? key;
    const previous = out[name];
    out[name] = previous === undefined ? value : [...asList(previous), ...asList(value)];
  }
  for (const name of arrays.values()) {
    const itemProps = objectItemsOf(properties[name]);
    const extra = brackets.get(name);
    if (itemProps && (out[name] !== undefined || extra)) out[name] = objectList(name, asList(out[name]), extra ?? new Map(), itemProps);
  }
  return out;
};

export const registerFormBody = async (app: FastifyInstance): Promise<void> => {
  await app.register(formbody, { parser: parseForm });
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema;
    const body = propertiesOf(schema?.body);
    if (body) request.body = normalizeFields(isRecord(request.body) ? request.body : {}, body);
    const query = propertiesOf(schema?.querystring);
    if (query) request.query = normalizeFields(isRecord(request.query) ? request.query : {}, query);
  });
};
