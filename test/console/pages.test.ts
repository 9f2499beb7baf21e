// The overview, numbers, porting, registrations, usage and sandbox phones pages in a real browser, against a
// real `masq serve` seeded through its API: what a user sees on each, buying then releasing a number from the
// sandbox through the Numbers page alone, and a session's two phones texting and calling each other. Screenshots
// for docs/console.md are taken here (MASQ_UPDATE_SCREENSHOTS=1 rewrites them; with --test-name-pattern, only
// the pictures of the tests that ran).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { browserSkipReason } from '../support/browser.ts';
import { screenshot, startHarness, type Harness } from './harness.ts';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A table by its caption, and one of its rows by what the row says. */
const table = (page: Page, caption: string | RegExp): Locator => page.getByRole('table', { name: caption });
const row = (t: Locator, ...cells: readonly string[]): Locator =>
  t.getByRole('row', { name: new RegExp(cells.map(escape).join('.*')) });

const visible = async (locator: Locator): Promise<void> => {
  await locator.first().waitFor({ state: 'visible', timeout: 30_000 });
};

describe('console pages', { timeout: 600_000, skip: browserSkipReason() ?? false }, () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h?.close(); });

  test('the overview shows the last day, pools, failing callbacks, masq\'s health and quarantined numbers', async () => {
    const { page, seeded } = h;
    await h.open('/');
    await visible(page.getByRole('heading', { level: 1, name: 'Overview' }));
    const traffic = table(page, /Messages, calls and spend/);
    // The customer's text was received once and forwarded once, today.
    await visible(row(traffic, 'Messages received', '0', '1'));
    await visible(row(traffic, 'Messages sent or forwarded', '0', '1'));
    const pools = table(page, /per service/);
    await visible(row(pools, seeded.serviceName, '1 of 2 (50%)'));
    await visible(page.getByText('No exhaustion forecast'));
    // The service's callback URL is a loopback address masq refuses to call: its callbacks fail.
    await visible(row(table(page, 'Failing callbacks, newest first'), 'http://127.0.0.1:9/proxy-callback', 'refused-destination'));
    await visible(row(table(page, 'Background tasks and carrier connections'), 'job-worker', 'running'));
    await visible(row(table(page, 'Quarantined numbers, oldest first'), seeded.quarantined.phoneNumber));
    await screenshot(page, 'overview');
  });

  test('the inventory filters by state and capability; a quarantined number shows its misdirected traffic', async () => {
    const { page, seeded } = h;
    await h.open('/numbers');
    const inventory = table(page, 'Every number of the account, oldest first');
    await visible(row(inventory, seeded.poolNumbers[0] ?? '', 'active', 'local', 'sandbox'));
    await visible(row(inventory, seeded.tollFree, 'active', 'toll-free'));
    await visible(row(inventory, seeded.portOutNumber, 'porting-out'));
    await screenshot(page, 'numbers');

    await page.getByLabel('State').selectOption('quarantined');
    await page.getByRole('button', { name: 'Filter' }).click();
    const filtered = table(page, 'Numbers matching the filters, oldest first');
    await visible(row(filtered, seeded.quarantined.phoneNumber, 'quarantined'));
    assert.equal(await filtered.getByRole('row').count(), 2, 'a header and the one quarantined number');
    assert.match(page.url(), /\/console\/numbers\?state=quarantined$/);

    // Toll-free sandbox numbers have no fax: the capability filter leaves the local ones.
    await h.open('/numbers?capability=fax');
    const faxing = table(page, 'Numbers matching the filters, oldest first');
    await visible(row(faxing, seeded.poolNumbers[0] ?? ''));
    assert.equal(await row(faxing, seeded.tollFree).count(), 0);

    await h.open(`/numbers/${seeded.quarantined.sid}`);
    await visible(page.getByRole('heading', { level: 1, name: `Number ${seeded.quarantined.phoneNumber}` }));
    await visible(page.getByRole('list', { name: 'Lifecycle of this record' }).getByText('Released'));
    await visible(row(table(page, 'Misdirected traffic, per sender, most recent first'), '+14155550199', 'Message', '1'));
    await visible(page.getByText('1 attempt(s) reached this number while it was quarantined'));
    assert.equal(await page.getByRole('button', { name: 'Release this number' }).count(), 0, 'a quarantined number cannot be released again');
    await screenshot(page, 'number-quarantined');
  });

  test('buy a number from the sandbox, see it in the inventory, and release it', async () => {
    const { page } = h;
    await h.open('/numbers');
    await page.getByLabel('Area code').fill('212');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const offers = table(page, 'Numbers on offer');
    const buy = offers.getByRole('button', { name: /^Buy \+1212/ }).first();
    await visible(buy);
    const label = await buy.getAttribute('aria-label');
    const bought = label?.replace('Buy ', '') ?? '';
    assert.match(bought, /^\+1212\d{7}$/);
    await buy.click();
    await visible(page.getByRole('status').filter({ hasText: `Bought ${bought}` }));
    await visible(row(table(page, 'Every number of the account, oldest first'), bought, 'active', 'local', 'sandbox'));
    assert.equal(await row(offers, bought).count(), 0, 'a bought number is no longer on offer');

    await page.getByRole('status').getByRole('link', { name: bought }).click();
    await visible(page.getByRole('heading', { level: 1, name: `Number ${bought}` }));
    await visible(page.locator('dl.facts .status', { hasText: 'active' }));
    await page.getByRole('button', { name: 'Release this number' }).click();
    await page.getByRole('button', { name: `Yes, release ${bought}` }).click();
    await visible(page.locator('dl.facts .status', { hasText: 'quarantined' }));
    await visible(page.getByRole('list', { name: 'Lifecycle of this record' }).getByText('Quarantine ends'));

    await h.open('/numbers?state=active');
    await visible(table(page, 'Numbers matching the filters, oldest first'));
    assert.equal(await row(table(page, 'Numbers matching the filters, oldest first'), bought).count(), 0, 'released: no longer active');
  });

  test('porting shows the port-in timeline and answers a port-out', async () => {
    const { page, seeded } = h;
    await h.open('/porting');
    const portIns = table(page, 'Port-in requests, oldest first');
    await visible(row(portIns, seeded.portInSid, 'In progress', '0 of 1'));
    await row(portIns, seeded.portInSid).getByRole('button', { name: /Show/ }).click();
    const timeline = page.getByRole('list', { name: 'Status timeline' });
    await visible(timeline.getByText('Requested'));
    await visible(timeline.getByText('Letter of authorization signed'));
    await visible(timeline.getByText(/: Submitted$/));
    await screenshot(page, 'porting');

    const portOuts = table(page, "Requests to port the account's numbers out, oldest first");
    await visible(row(portOuts, seeded.portOutNumber, 'Acme Mobile', 'pending'));
    await row(portOuts, seeded.portOutNumber).getByRole('button', { name: 'Authorize' }).click();
    await visible(row(portOuts, seeded.portOutNumber, 'Acme Mobile', 'authorized'));
  });

  test('registrations list the brand, its campaign and the toll-free verification with their statuses', async () => {
    const { page, seeded } = h;
    await h.open('/registrations');
    await visible(row(table(page, 'Brand registrations'), seeded.brandName, 'STANDARD', 'APPROVED', 'VERIFIED'));
    await visible(row(table(page, 'Campaigns, per Messaging Service'), 'Rider updates', 'PROXY', 'VERIFIED'));
    await visible(row(table(page, 'Verifications of toll-free numbers'), seeded.tollFree, 'Acme Rides Inc', 'PENDING_REVIEW'));
    await screenshot(page, 'registrations');
  });

  test('usage shows charts with their tables, cost per number, and exports CSV as a download', async () => {
    const { page, seeded } = h;
    await h.open('/usage');
    const costByDay = page.getByRole('figure', { name: 'Cost by day' });
    await visible(costByDay.locator('canvas'));
    // The chart's numbers are a table for screen readers, shown on request.
    const today = new Date().toISOString().slice(0, 10);
    const dayTable = costByDay.getByRole('table', { name: 'Cost by day' });
    assert.match(await row(dayTable, today).innerText(), /\$\d+\.\d{2}/);
    await costByDay.getByRole('button', { name: 'Show as a table' }).click();
    await visible(row(dayTable, today));
    await visible(row(table(page, 'What each number cost, dearest first'), seeded.tollFree, '$2.15'));
    await screenshot(page, 'usage');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Every cost record' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^masq-cost-records-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await file.path(), 'utf8');
    const [header, ...lines] = csv.trim().split('\r\n');
    assert.match(header ?? '', /^sid,occurred_at,account_sid,category,/);
    assert.ok(lines.some((l) => l.includes('phonenumbers-tollfree') && l.includes(seeded.tollFree)), csv);

    // Last month had no usage: the period picker changes every part of the page.
    await page.getByRole('button', { name: 'Last month' }).click();
    await visible(page.getByText('Nothing was billed in this period.'));
    await visible(page.getByText('Nothing was billed to a number in this period.'));
  });

  // Last in the file: its texts and call would change the counts the overview and usage tests read.
  test('a session\'s sandbox phones text and call each other, each seeing only its proxy number', async () => {
    const { page, seeded } = h;
    await h.open('/phones');
    await page.getByLabel('Session', { exact: true }).selectOption({ label: 'order-1001' });
    // The participants seed.ts put in order-1001, with their real numbers.
    const customer = page.getByRole('region', { name: `Customer (${CUSTOMER})` });
    const driver = page.getByRole('region', { name: `Driver (${DRIVER})` });
    await visible(customer);
    await visible(driver);
    const customerProxy = await customer.getByLabel('Text or call this number').inputValue();
    const driverProxy = await driver.getByLabel('Text or call this number').inputValue();
    assert.ok(seeded.poolNumbers.includes(customerProxy), `the customer texts a pool number, not ${customerProxy}`);
    assert.ok(seeded.poolNumbers.includes(driverProxy), `the driver texts a pool number, not ${driverProxy}`);

    // The seed's "Where is my order?" is already on both phones; the driver answers, the customer replies.
    await visible(driver.getByText('Where is my order?'));
    await sendText(driver, 'On my way, about 5 minutes.');
    await visible(customer.getByText('On my way, about 5 minutes.'));
    await sendText(customer, 'Great, I\'ll be at the front door.');
    await visible(driver.getByText('Great, I\'ll be at the front door.'));

    await customer.getByRole('button', { name: 'Call' }).click();
    const ringing = driver.getByRole('listitem').filter({ hasText: 'Call from' });
    await ringing.getByRole('button', { name: 'Answer' }).click();
    await visible(ringing.getByText('in-progress'));
    await ringing.getByRole('button', { name: 'Hang up' }).click();
    await visible(ringing.getByText('completed'));
    await visible(customer.getByRole('listitem').filter({ hasText: 'Call to' }).getByText('completed'));

    // Each phone hears from its own proxy number only; the other side's real number is nowhere on its card.
    assert.deepEqual(await senders(driver), [driverProxy, driverProxy, driverProxy], 'two texts and a call reached the driver');
    assert.deepEqual(await senders(customer), [customerProxy], 'one text reached the customer');
    assert.ok(!((await driver.textContent()) ?? '').includes(CUSTOMER), 'the customer\'s real number is masked');
    assert.ok(!((await customer.textContent()) ?? '').includes(DRIVER), 'the driver\'s real number is masked');
    await screenshot(page, 'phones');
  });
});

/** The real numbers of order-1001's participants, as seed.ts made them. */
const CUSTOMER = '+14155550101';
const DRIVER = '+14155550102';

const sendText = async (phone: Locator, body: string): Promise<void> => {
  await phone.getByLabel('Message').fill(body);
  await phone.getByRole('button', { name: 'Send text' }).click();
};

/** The number each received text and incoming call on a phone's card came from, oldest first. */
const senders = async (phone: Locator): Promise<readonly string[]> => {
  const lines = await phone.getByRole('listitem').filter({ hasText: /(Received|Call) from/ }).allTextContents();
  return lines.map((line) => /(?:Received|Call) from (\S+?) ·/.exec(line)?.[1] ?? `unparsed: ${line}`);
};
