// What the page and accessibility suites share: a real `masq serve` seeded through its API, one Chromium
// signed in through the console's own sign-in form, and screenshots for docs/console.md taken only when
// MASQ_UPDATE_SCREENSHOTS=1 (so a CI run never rewrites the committed pictures).
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startBrowser, type TestBrowser } from '../support/browser.ts';
import { startConsoleServer, type ConsoleServer } from '../support/console-server.ts';
import { seed, type Seeded } from './seed.ts';

export interface Harness {
  readonly server: ConsoleServer;
  readonly browser: TestBrowser;
  readonly page: Page;
  readonly seeded: Seeded;
  /** Opens a console path (`/numbers`) and waits until its heading is there. */
  open(path: string): Promise<void>;
  close(): Promise<void>;
}

const SCREENSHOTS = new URL('../../docs/console/', import.meta.url).pathname;

/** Saves the page as docs/console/{name}.png when screenshots are being updated; otherwise does nothing. */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  if (process.env.MASQ_UPDATE_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true, animations: 'disabled' });
};

export const signIn = async (page: Page, server: ConsoleServer): Promise<void> => {
  await page.goto(`${server.url}/console/`);
  await page.getByLabel('Account SID').fill(server.accountSid);
  await page.getByLabel('Auth token').last().fill(server.authToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
};

export const startHarness = async (): Promise<Harness> => {
  const server = await startConsoleServer();
  const seeded = await seed({ url: server.url, accountSid: server.accountSid, authToken: server.authToken });
  const browser = await startBrowser();
  const page = await browser.newPage({ width: 1280, height: 900 });
  await signIn(page, server);
  return {
    server,
    browser,
    page,
    seeded,
    async open(path) {
      await page.goto(`${server.url}/console${path}`);
      await page.locator('h1#page-title').waitFor();
    },
    async close() {
      await browser.close();
      await server.stop();
    },
  };
};
