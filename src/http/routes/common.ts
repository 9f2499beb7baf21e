// What every route module shares: its context, list envelopes, and the parameter parsers the schema
// cannot express (dates in any ISO 8601 flavour clients send).
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/deps.ts';
import { invalidParameter } from '../../domain/errors.ts';
import type { Page } from '../../ports/store.ts';
import { PageMeta, pageMeta, type ParsedPage } from '../paging.ts';
import { ErrorJson } from '../serializers/common.ts';

export interface RouteContext {
  readonly deps: AppDeps;
  /**
   * The externally visible base URL of the routes' mount for this request: MASQ_PUBLIC_URL (or derived
   * from Host) followed by `mountPrefix`, so every `url`, `links` and v1 page URL stays under the prefix the
   * client came in on.
   */
  readonly base: (request: FastifyRequest) => string;
  /**
   * The prefix the routes are mounted under (`/proxy`, `/api`); '' at the root. Not named `prefix`: this
   * context is also the routes' plugin options, where Fastify would read `prefix` as a route prefix.
   */
  readonly mountPrefix: string;
}

export const ListJson = <T extends TSchema>(key: string, item: T) =>
  Type.Object({ [key]: Type.Array(item), meta: PageMeta });

/** Error responses every authenticated route can give, for the OpenAPI document. */
export const ERRORS = { 400: ErrorJson, 401: ErrorJson, 404: ErrorJson };

export const pathOf = (request: FastifyRequest): string => new URL(request.url, 'http://masq.invalid').pathname;

/**
 * The request's path within its mount (without `/proxy` or `/api`): what page links are built from.
 * v1 links put it after ctx.base, which carries the prefix again; 2010 URIs are relative to the client's
 * baseUrl, which already ends with the prefix (did-wire-contract §0.3).
 */
export const mountPathOf = (request: FastifyRequest, ctx: Pick<RouteContext, 'mountPrefix'>): string => {
  const path = pathOf(request);
  const prefix = ctx.mountPrefix;
  return prefix !== '' && path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
};

interface Keyed {
  readonly dateCreated: Date;
  readonly sid: string;
}

/** A list envelope for items that are not themselves keyed (e.g. a number with its usage count). */
export const listBodyBy = <T, J>(
  key: string,
  page: Page<T>,
  keyOf: (item: T) => Keyed,
  parsed: ParsedPage,
  request: FastifyRequest,
  ctx: RouteContext,
  serialize: (item: T) => J,
) => ({
  [key]: page.items.map(serialize),
  meta: pageMeta(key, ctx.base(request), mountPathOf(request, ctx), parsed, { items: page.items.map(keyOf), hasMore: page.hasMore }),
});

export const listBody = <T extends Keyed, J>(key: string, page: Page<T>, parsed: ParsedPage, request: FastifyRequest, ctx: RouteContext, serialize: (item: T) => J) =>
  listBodyBy(key, page, (item) => item, parsed, request, ctx, serialize);

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * An ISO 8601 date-time with or without millis and offset; no offset means UTC (Twilio sends
 * `YYYY-MM-DDTHH:mm:ssZ`). An empty value clears the field (null).
 */
export const parseDateParam = (name: string, value: string | undefined): Date | null | undefined => {
  if (value === undefined) return undefined;
  if (value.trim() === '') return null;
  const m = ISO.exec(value.trim());
  const invalid = invalidParameter(name, 'Expected an ISO 8601 date-time such as 2030-01-02T03:04:05Z.');
  if (!m) throw invalid;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined || second === undefined) throw invalid;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) throw invalid;
  const millis = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  const offset = (m[8] ?? 'Z').toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${String(second).padStart(2, '0')}.${millis}${offset}`);
  if (Number.isNaN(date.getTime())) throw invalid;
  return date;
};
