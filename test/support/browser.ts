// A real browser for the console's suites: Debian's Chromium driven by playwright-core (no bundled browser
// download). Under CI a missing Chromium FAILS the suite (.ci/run installs it); elsewhere the suite is
// skipped with a loud reason, so a laptop without Chromium can still run everything else.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.MASQ_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Why a browser suite cannot run here (give it to describe's `skip`), or null when it can. Throws under CI:
 * there the browser suite is required, and a missing binary must be a failure, not a skip.
 */
export const browserSkipReason = (): string | null => {
  if (existsSync(CHROMIUM)) return null;
  const reason = `Chromium not found at ${CHROMIUM} (install Debian's chromium, or set MASQ_CHROMIUM): the console's browser suite did not run`;
  if (process.env.CI) throw new Error(`${reason}; it is required under CI`);
  process.stderr.write(`\n*** SKIPPED: ${reason} ***\n\n`);
  return reason;
};

export interface TestBrowser {
  readonly browser: Browser;
  /** A fresh page in its own context (no shared storage between pages). */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** The flags keep Chromium offline (no update checks, sync or QUIC probes) and self-contained. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Chromium with a fresh profile: playwright's launch() always makes a new temporary --user-data-dir of its
 * own (and refuses one passed as a flag), removed when the browser closes.
 */
export const launchBrowser = async (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 60_000 });

export const startBrowser = async (): Promise<TestBrowser> => {
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newPage(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      // The machine is shared and slow: generous waits, never assertions on timing.
      page.setDefaultTimeout(30_000);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
    },
  };
};
