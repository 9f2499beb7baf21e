// Twilio-style paging over the store's keyset pages. `Page` is the client's own counter (echoed back);
// `PageToken` is opaque to the client and carries the keyset cursor and direction, so a page is
// stable under concurrent inserts and costs O(page) however deep it is.
import { Type, type Static } from '@sinclair/typebox';
import { invalidParameter } from '../domain/errors.ts';
import type { Page, PageCursor, PageRequest } from '../ports/store.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export const PageQuery = Type.Object({
  PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: `1-${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}` })),
  Page: Type.Optional(Type.Integer({ minimum: 0, description: 'Page number, as the client counts it' })),
  PageToken: Type.Optional(Type.String({ description: 'Opaque token from a previous page URL' })),
});
export type PageQueryValue = Static<typeof PageQuery>;

export const PageMeta = Type.Object({
  page: Type.Integer(),
  page_size: Type.Integer(),
  first_page_url: Type.String(),
  previous_page_url: Type.Union([Type.String(), Type.Null()]),
  next_page_url: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
  key: Type.String(),
});

type Direction = 'after' | 'before';

interface TokenBody {
  readonly d: Direction;
  readonly t: number;
  readonly s: string;
}

const TOKEN_PREFIX = 'PT';

export const encodePageToken = (direction: Direction, cursor: PageCursor): string =>
  TOKEN_PREFIX + Buffer.from(JSON.stringify({ d: direction, t: cursor.dateCreated.getTime(), s: cursor.sid } satisfies TokenBody)).toString('base64url');

const isTokenBody = (value: unknown): value is TokenBody =>
  typeof value === 'object' && value !== null
  && 'd' in value && (value.d === 'after' || value.d === 'before')
  && 't' in value && typeof value.t === 'number' && Number.isFinite(value.t)
  && 's' in value && typeof value.s === 'string';

export const decodePageToken = (token: string): { direction: Direction; cursor: PageCursor } => {
  let body: unknown = null;
  try {
    body = token.startsWith(TOKEN_PREFIX) ? JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8')) : null;
  } catch {
    body = null;
  }
  if (!isTokenBody(body)) throw invalidParameter('PageToken');
  return { direction: body.d, cursor: { dateCreated: new Date(body.t), sid: body.s } };
};

export interface ParsedPage {
  readonly request: PageRequest;
  readonly pageNumber: number;
  readonly pageSize: number;
  readonly token: string | undefined;
  readonly direction: Direction | null;
}

export const parsePageQuery = (query: PageQueryValue): ParsedPage => {
  const pageSize = query.PageSize ?? DEFAULT_PAGE_SIZE;
  const token = query.PageToken || undefined;
  const decoded = token ? decodePageToken(token) : null;
  return {
    request: { pageSize, after: decoded?.direction === 'after' ? decoded.cursor : undefined, before: decoded?.direction === 'before' ? decoded.cursor : undefined },
    pageNumber: query.Page ?? 0,
    pageSize,
    token,
    direction: decoded?.direction ?? null,
  };
};

interface Keyed {
  readonly dateCreated: Date;
  readonly sid: string;
}

const cursorOf = (item: Keyed): PageCursor => ({ dateCreated: item.dateCreated, sid: item.sid });

/** Absolute page URLs on the public base; twilio-node follows next_page_url verbatim. */
export const pageMeta = (key: string, base: string, path: string, parsed: ParsedPage, page: Page<Keyed>): Static<typeof PageMeta> => {
  const pageUrl = (pageNumber: number, token?: string): string =>
    `${base}${path}?PageSize=${parsed.pageSize}&Page=${pageNumber}${token ? `&PageToken=${encodeURIComponent(token)}` : ''}`;
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  // Going forward (or on the first page) `hasMore` speaks of later rows; going back, of earlier ones.
  const hasNext = parsed.direction === 'before' ? last !== undefined : page.hasMore;
  const hasPrevious = parsed.direction === 'before' ? page.hasMore : parsed.direction === 'after' && first !== undefined;
  return {
    page: parsed.pageNumber,
    page_size: parsed.pageSize,
    first_page_url: pageUrl(0),
    previous_page_url: hasPrevious && first ? pageUrl(Math.max(parsed.pageNumber - 1, 0), encodePageToken('before', cursorOf(first))) : null,
    next_page_url: hasNext && last ? pageUrl(parsed.pageNumber + 1, encodePageToken('after', cursorOf(last))) : null,
    url: pageUrl(parsed.pageNumber, parsed.token),
    key,
  };
};
