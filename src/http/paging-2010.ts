// The 2010-04-01 API's list envelope (accounts-era resources such as Keys): the records under their key
// (and nothing else: twilio-node finds them as the one non-paging key) beside first_page_uri / next_page_uri / previous_page_uri, page, page_size, start, end and uri. The
// URIs are relative (twilio-node joins them to its baseUrl) and carry the same opaque PageToken as the
// v1 lists (paging.ts), so a page costs O(page) however deep it is.
import { Type } from '@sinclair/typebox';
import type { Page } from '../ports/store.ts';
import { AppError } from '../domain/errors.ts';
import { neighbourLinks, parsePageQuery, type PageLink, type PageQueryValue, type ParsedPage } from './paging.ts';

export const PageEnvelope2010 = {
  first_page_uri: Type.String(),
  next_page_uri: Type.Union([Type.String(), Type.Null()]),
  previous_page_uri: Type.Union([Type.String(), Type.Null()]),
  page: Type.Integer(),
  page_size: Type.Integer(),
  start: Type.Integer(),
  end: Type.Integer(),
  uri: Type.String(),
};

interface Keyed {
  readonly dateCreated: Date;
  readonly sid: string;
}

/** `Name=value&` for each filter given, in the order given: filters ride along on every page URI. */
const filterPrefix = (filters: Readonly<Record<string, string | undefined>>): string =>
  Object.entries(filters).map(([name, value]) => (value === undefined ? '' : `${name}=${encodeURIComponent(value)}&`)).join('');

/**
 * The envelope around a page of records; the caller adds the records under their key. `filters` are the
 * list's filter parameters as received: each page URI repeats them, so following next_page_uri stays filtered.
 */
export const pageEnvelope2010 = (path: string, parsed: ParsedPage, page: Page<Keyed>, filters: Readonly<Record<string, string | undefined>> = {}) => {
  const query = filterPrefix(filters);
  const uri: PageLink = (pageNumber, token) =>
    `${path}?${query}PageSize=${parsed.pageSize}&Page=${pageNumber}${token ? `&PageToken=${encodeURIComponent(token)}` : ''}`;
  const links = neighbourLinks(parsed, page, uri);
  const start = parsed.pageNumber * parsed.pageSize;
  return {
    first_page_uri: uri(0),
    next_page_uri: links.next,
    previous_page_uri: links.previous,
    page: parsed.pageNumber,
    page_size: parsed.pageSize,
    start,
    // The index of the last record on this page; Twilio's empty page says 0/0 on page 0.
    end: page.items.length === 0 ? start : start + page.items.length - 1,
    uri: uri(parsed.pageNumber, parsed.token),
  };
};

/** The page a 2010 list asks for: as the v1 lists parse it, but a bad PageToken is Twilio's 21481. */
export const parsePageQuery2010 = (query: PageQueryValue): ParsedPage =>
  parsePageQuery(query, () => new AppError('page-token-invalid', 'Invalid PageToken'));
