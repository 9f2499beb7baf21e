// Twilio-style paging over the store's keyset pages. `Page` is the client's own counter (echoed back);
// `PageToken` is opaque to the client and carries the keyset cursor and direction, so a page is
// stable under concurrent inserts and costs O(page) however deep it is. A `Page` without a token (a
// hand-made URL, or twilio-node's `page({ pageNumber })`) is read by offset, up to MAX_PAGE_OFFSET rows
// deep, so that the page a client asks for is the page it gets, and one beyond the data is empty.
import { Type, type Static } from '@sinclair/typebox';
import { invalidParameter, type AppError } from '../domain/errors.ts';
import { MAX_DATE_MS } from '../domain/session.ts';
import type { Page, PageCursor, PageRequest } from '../ports/store.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
/** Page numbers are labels; this bound only keeps them (and Page × PageSize) exact integers. */
export const MAX_PAGE = 2_147_483_647;
/** How deep a page without a PageToken may start: an offset costs the database every row it skips. */
export const MAX_PAGE_OFFSET = 10_000;
/** Tokens masq issues are about 100 characters. */
export const MAX_PAGE_TOKEN_LENGTH = 512;

export const PageQuery = Type.Object({
  PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: `1-${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}` })),
  Page: Type.Optional(Type.Integer({
    minimum: 0, maximum: MAX_PAGE,
    description: `Page number, as the client counts it; without a PageToken, Page x PageSize is at most ${MAX_PAGE_OFFSET}`,
  })),
  PageToken: Type.Optional(Type.String({ maxLength: MAX_PAGE_TOKEN_LENGTH, description: 'Opaque token from a previous page URL' })),
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

/** A cursor's SID: letters and digits, as every SID masq issues. */
const CURSOR_SID = /^[A-Za-z0-9]{1,64}$/;

/** Tokens are only base64 JSON, so a forged one must not reach the store with a date it cannot write. */
const isTokenBody = (value: unknown): value is TokenBody =>
  typeof value === 'object' && value !== null
  && 'd' in value && (value.d === 'after' || value.d === 'before')
  && 't' in value && typeof value.t === 'number' && Number.isSafeInteger(value.t) && value.t >= 0 && value.t <= MAX_DATE_MS
  && 's' in value && typeof value.s === 'string' && CURSOR_SID.test(value.s);

/** What a bad PageToken is refused with: 80701 on the v1 APIs; the 2010 API says 21481 (paging-2010.ts). */
export type BadToken = () => AppError;
const badTokenV1: BadToken = () => invalidParameter('PageToken');

export const decodePageToken = (token: string, badToken: BadToken = badTokenV1): { direction: Direction; cursor: PageCursor } => {
  let body: unknown = null;
  try {
    body = token.startsWith(TOKEN_PREFIX) ? JSON.parse(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8')) : null;
  } catch {
    body = null;
  }
  if (!isTokenBody(body)) throw badToken();
  return { direction: body.d, cursor: { dateCreated: new Date(body.t), sid: body.s } };
};

export interface ParsedPage {
  readonly request: PageRequest;
  readonly pageNumber: number;
  readonly pageSize: number;
  readonly token: string | undefined;
  readonly direction: Direction | null;
}

/** Rows skipped for a Page without a token; refused beyond MAX_PAGE_OFFSET, where tokens are the way on. */
const offsetOf = (pageNumber: number, pageSize: number): number => {
  const offset = pageNumber * pageSize;
  if (offset > MAX_PAGE_OFFSET) {
    throw invalidParameter('Page', `Without a PageToken, Page x PageSize is at most ${MAX_PAGE_OFFSET}; follow next_page_url to go further.`);
  }
  return offset;
};

export const parsePageQuery = (query: PageQueryValue, badToken: BadToken = badTokenV1): ParsedPage => {
  const pageSize = query.PageSize ?? DEFAULT_PAGE_SIZE;
  const pageNumber = query.Page ?? 0;
  const token = query.PageToken || undefined;
  const decoded = token ? decodePageToken(token, badToken) : null;
  const offset = decoded ? 0 : offsetOf(pageNumber, pageSize);
  return {
    request: {
      pageSize,
      after: decoded?.direction === 'after' ? decoded.cursor : undefined,
      before: decoded?.direction === 'before' ? decoded.cursor : undefined,
      ...(offset > 0 && { offset }),
    },
    pageNumber,
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

/** Builds the link to page `pageNumber`, with a PageToken when there is a row to anchor it. */
export type PageLink = (pageNumber: number, token?: string) => string;

/**
 * The previous and next page links of a page, shared by the v1 and 2010 envelopes. Going forward (or on
 * the first page) `hasMore` speaks of later rows; going back, of earlier ones. A page read by offset (no
 * token, Page > 0) has rows before it even when it is empty (beyond the data); with no row to anchor a
 * token, its previous page is the same kind of link, one page back.
 */
export const neighbourLinks = (parsed: ParsedPage, page: Page<Keyed>, link: PageLink): { previous: string | null; next: string | null } => {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  const hasNext = parsed.direction === 'before' ? last !== undefined : page.hasMore;
  const hasPrevious = parsed.direction === 'before' ? page.hasMore
    : parsed.direction === 'after' ? first !== undefined : parsed.pageNumber > 0;
  const previous = Math.max(parsed.pageNumber - 1, 0);
  return {
    previous: !hasPrevious ? null : first ? link(previous, encodePageToken('before', cursorOf(first))) : link(previous),
    next: hasNext && last ? link(parsed.pageNumber + 1, encodePageToken('after', cursorOf(last))) : null,
  };
};

/** Absolute page URLs on the public base; twilio-node follows next_page_url verbatim. */
export const pageMeta = (key: string, base: string, path: string, parsed: ParsedPage, page: Page<Keyed>): Static<typeof PageMeta> => {
  const pageUrl: PageLink = (pageNumber, token) =>
    `${base}${path}?PageSize=${parsed.pageSize}&Page=${pageNumber}${token ? `&PageToken=${encodeURIComponent(token)}` : ''}`;
  const links = neighbourLinks(parsed, page, pageUrl);
  return {
    page: parsed.pageNumber,
    page_size: parsed.pageSize,
    first_page_url: pageUrl(0),
    previous_page_url: links.previous,
    next_page_url: links.next,
    url: pageUrl(parsed.pageNumber, parsed.token),
    key,
  };
};

/** Page links that keep the list's filters (`&Status=…`), so following next_page_url lists the same selection. */
export const withFilters = (meta: Static<typeof PageMeta>, filters: Readonly<Record<string, string | undefined>>): Static<typeof PageMeta> => {
  const extra = Object.entries(filters).flatMap(([name, value]) => (value === undefined ? [] : [`&${name}=${encodeURIComponent(value)}`])).join('');
  const add = (url: string | null): string | null => (url === null ? null : `${url}${extra}`);
  return { ...meta, first_page_url: `${meta.first_page_url}${extra}`, previous_page_url: add(meta.previous_page_url), next_page_url: add(meta.next_page_url), url: `${meta.url}${extra}` };
};
