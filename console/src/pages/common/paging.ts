// Lists are paged by the API: a page's `meta.next_page_url` (v1) or `next_page_uri` (2010) is the next
// request as it is, filters included. The console asks for the same path on its own origin.
import { isRecord, obj, optStr } from '../../json.ts';

/** An absolute URL or a path → the path and query string, for the console's same-origin requests. */
export const pathOf = (url: string | null): string | null => {
  if (url === null || url === '') return null;
  try {
    const parsed = new URL(url, window.location.origin);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return null;
  }
};

/** The next page of a v1 list (`meta.next_page_url`), or null on the last page. */
export const nextPageOf = (body: unknown): string | null => (isRecord(body) ? pathOf(optStr(obj(body, 'meta'), 'next_page_url')) : null);
