import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePageToken, encodePageToken, MAX_PAGE_OFFSET, pageMeta, parsePageQuery } from './paging.ts';

const item = (n: number) => ({ sid: `KS${String(n).padStart(32, '0')}`, dateCreated: new Date(1_700_000_000_000 + n) });

test('page tokens round-trip the cursor and direction; tampered tokens are 80701', () => {
  const cursor = { dateCreated: new Date('2030-01-02T03:04:05.678Z'), sid: 'KSabc' };
  assert.deepEqual(decodePageToken(encodePageToken('before', cursor)), { direction: 'before', cursor });
  for (const bad of ['', 'PT', 'PTx', 'XX' + encodePageToken('after', cursor).slice(2), `PT${Buffer.from('{"d":"sideways","t":1,"s":"x"}').toString('base64url')}`]) {
    assert.throws(() => decodePageToken(bad), /'PageToken' is invalid/);
  }
});

test('the first page: no previous, next when more rows exist', () => {
  const parsed = parsePageQuery({ PageSize: 2 });
  assert.deepEqual(parsed.request, { pageSize: 2, after: undefined, before: undefined });
  const meta = pageMeta('services', 'http://h', '/v1/Services', parsed, { items: [item(1), item(2)], hasMore: true });
  assert.equal(meta.url, 'http://h/v1/Services?PageSize=2&Page=0');
  assert.equal(meta.previous_page_url, null);
  const next = new URL(meta.next_page_url ?? '');
  assert.equal(next.searchParams.get('Page'), '1');
  const token = parsePageQuery({ PageSize: 2, Page: 1, PageToken: next.searchParams.get('PageToken') ?? '' });
  assert.deepEqual(token.request.after, { sid: item(2).sid, dateCreated: item(2).dateCreated });
});

test('the last page going forward has no next; going back, next always exists', () => {
  const forward = parsePageQuery({ PageSize: 2, Page: 2, PageToken: encodePageToken('after', item(4)) });
  const last = pageMeta('k', 'http://h', '/p', forward, { items: [item(5)], hasMore: false });
  assert.equal(last.next_page_url, null);
  assert.match(last.previous_page_url ?? '', /Page=1&PageToken=PT/);
  const backward = parsePageQuery({ PageSize: 2, Page: 0, PageToken: encodePageToken('before', item(3)) });
  const first = pageMeta('k', 'http://h', '/p', backward, { items: [item(1), item(2)], hasMore: false });
  assert.equal(first.previous_page_url, null);
  assert.match(first.next_page_url ?? '', /Page=1&PageToken=PT/);
});

test('an empty list has neither next nor previous', () => {
  const meta = pageMeta('k', 'http://h', '/p', parsePageQuery({}), { items: [], hasMore: false });
  assert.equal(meta.page_size, 50);
  assert.equal(meta.next_page_url, null);
  assert.equal(meta.previous_page_url, null);
});

const forge = (body: unknown): string => `PT${Buffer.from(JSON.stringify(body)).toString('base64url')}`;

test('forged tokens whose date or sid the store could not use are 80701', () => {
  for (const body of [{ d: 'after', t: 1e20, s: 'KS1' }, { d: 'after', t: -1, s: 'KS1' }, { d: 'after', t: 0.5, s: 'KS1' }, { d: 'after', t: 253402300800000, s: 'KS1' },
    { d: 'after', t: 1, s: '' }, { d: 'after', t: 1, s: 'KS 1' }, { d: 'after', t: 1, s: 'K'.repeat(65) }, { d: 'after', t: '1', s: 'KS1' }]) {
    assert.throws(() => decodePageToken(forge(body)), /'PageToken' is invalid/, JSON.stringify(body));
  }
  assert.equal(decodePageToken(forge({ d: 'after', t: 253402300799999, s: 'KS1' })).cursor.dateCreated.toISOString(), '9999-12-31T23:59:59.999Z');
});

test('a Page without a token reads by offset, up to MAX_PAGE_OFFSET rows; with a token it is only a label', () => {
  assert.equal(parsePageQuery({ PageSize: 10, Page: 3 }).request.offset, 30);
  assert.equal(parsePageQuery({ PageSize: 10 }).request.offset, undefined);
  assert.equal(parsePageQuery({ PageSize: 1000, Page: MAX_PAGE_OFFSET / 1000 }).request.offset, MAX_PAGE_OFFSET);
  assert.throws(() => parsePageQuery({ PageSize: 1000, Page: MAX_PAGE_OFFSET / 1000 + 1 }), /'Page' is invalid/);
  assert.equal(parsePageQuery({ PageSize: 10, Page: 5000, PageToken: encodePageToken('after', item(1)) }).request.offset, undefined);
});

test('an offset page beyond the data is empty, labelled as asked, with a previous page one back', () => {
  const meta = pageMeta('k', 'http://h', '/p', parsePageQuery({ PageSize: 10, Page: 7 }), { items: [], hasMore: false });
  assert.equal(meta.page, 7);
  assert.equal(meta.url, 'http://h/p?PageSize=10&Page=7');
  assert.equal(meta.next_page_url, null);
  assert.equal(meta.previous_page_url, 'http://h/p?PageSize=10&Page=6');
  const filled = pageMeta('k', 'http://h', '/p', parsePageQuery({ PageSize: 2, Page: 1 }), { items: [item(3), item(4)], hasMore: true });
  assert.match(filled.previous_page_url ?? '', /Page=0&PageToken=PT/);
  assert.match(filled.next_page_url ?? '', /Page=2&PageToken=PT/);
});
