// Reading fields out of a parsed JSON webhook without trusting its shape: every accessor checks the
// type it returns, and the required ones raise AppError 80701 naming the field's path.
import { invalidParameter } from '../../domain/errors.ts';

export type JsonObject = Readonly<Record<string, unknown>>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body as a JSON object; 80701 when it is not JSON or not an object. */
export const parseJsonObject = (rawBody: Buffer): JsonObject => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw invalidParameter('body', 'Expected a JSON document.');
  }
  if (!isJsonObject(parsed)) throw invalidParameter('body', 'Expected a JSON object.');
  return parsed;
};

export const objectAt = (parent: JsonObject, key: string, path: string): JsonObject => {
  const value = parent[key];
  if (!isJsonObject(value)) throw invalidParameter(path, 'Expected an object.');
  return value;
};

export const optionalString = (parent: JsonObject, key: string): string | undefined => {
  const value = parent[key];
  return typeof value === 'string' ? value : undefined;
};

export const requiredString = (parent: JsonObject, key: string, path: string): string => {
  const value = optionalString(parent, key)?.trim();
  if (!value) throw invalidParameter(path, 'It is required.');
  return value;
};

/** The array's object entries (anything else in it is skipped); [] when absent. */
export const objectsAt = (parent: JsonObject, key: string, path: string): JsonObject[] => {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter(path, 'Expected an array.');
  return value.filter(isJsonObject);
};

/** The array's first entry when it is an object; undefined for anything else (never throws). */
export const firstObject = (parent: JsonObject, key: string): JsonObject | undefined => {
  const value = parent[key];
  const first: unknown = Array.isArray(value) ? value[0] : undefined;
  return isJsonObject(first) ? first : undefined;
};
