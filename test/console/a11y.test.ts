// axe-core in every page of the console, with data on it (and the sign-in page, signed out): no violation
// of serious or critical impact. Each violation is reported with the rule, the page and the elements.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason } from '../support/browser.ts';
import { screenshot, startHarness, type Harness } from './harness.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation { readonly id: string; readonly impact: string; readonly help: string; readonly targets: readonly string[] }

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const readViolations = (text: unknown): readonly Violation[] => {
  assert.equal(typeof text, 'string');
  const parsed: unknown = JSON.parse(String(text));
  assert.ok(Array.isArray(parsed));
  return parsed.filter(isRecord).map((v) => ({
    id: String(v['id']), impact: String(v['impact']), help: String(v['help']),
    targets: Array.isArray(v['targets']) ? v['targets'].map(String) : [],
  }));
};

/** Runs axe on the page as it is now; only serious and critical violations count. */
const seriousViolations = async (page: Page): Promise<readonly Violation[]> => {
  // Evaluated through the DevTools protocol: the console's CSP (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  const result: unknown = await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => JSON.stringify(r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')),
  }))))`);
  return readViolations(result).filter((v) => v.impact === 'serious' || v.impact === 'critical');
};

const describeViolations = (path: string, violations: readonly Violation[]): string =>
  violations.map((v) => `${path}: ${v.id} (${v.impact}): ${v.help} at ${v.targets.slice(0, 5).join(', ')}`).join('\n');

describe('console accessibility (axe-core)', { timeout: 600_000, skip: browserSkipReason() ?? false }, () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h?.close(); });

  /**
   * Every route of console/src/routes.tsx, its parameters filled from the seeded data, with the name of its
   * screenshot in docs/console/ for the pages pages.test.ts does not picture.
   */
  const pages = (): readonly (readonly [string, string | null])[] => [
    ['/', null], ['/services', 'services'], [`/services/${h.seeded.serviceSid}`, 'service'], ['/sessions', 'sessions'],
    [`/services/${h.seeded.serviceSid}/sessions/${h.seeded.sessionSid}`, 'session'], ['/phones', null], ['/numbers', null],
    [`/numbers/${h.seeded.quarantined.sid}`, null], ['/porting', null], ['/registrations', null], ['/usage', null],
  ];

  test('every signed-in page has no serious or critical violation', async () => {
    const failures: string[] = [];
    for (const [path, picture] of pages()) {
      await h.open(path);
      // Each page reads the API after its first render: wait until nothing is loading any more.
      await h.page.waitForFunction(() => !Array.from(document.querySelectorAll('[role="status"]')).some((e) => /Loading/.test(e.textContent ?? '')), undefined, { timeout: 30_000 });
      const violations = await seriousViolations(h.page);
      if (violations.length > 0) failures.push(describeViolations(path, violations));
      if (picture) await screenshot(h.page, picture);
    }
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  test('the chart tables, shown, and the sign-in page have none either', async () => {
    await h.open('/usage');
    await h.page.getByRole('figure').first().waitFor();
    const show = h.page.getByRole('button', { name: 'Show as a table' });
    // Each click renames its button ("Hide the table"), so the first one left is always the next to press.
    while (await show.count() > 0) await show.first().click();
    assert.equal(await h.page.getByRole('button', { name: 'Hide the table' }).count(), 3, 'three charts, each table shown');
    assert.deepEqual(describeViolations('/usage (tables shown)', await seriousViolations(h.page)), '');
    await h.page.evaluate(() => sessionStorage.clear());
    await h.page.goto(`${h.server.url}/console/`);
    await h.page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(describeViolations('sign-in', await seriousViolations(h.page)), '');
  });
});
