// The layer rule (domain <- ports <- app <- http, cli; adapters never reach up) is enforced by lint.
// This checks the rule itself, so a loosened eslint.config.js cannot pass unnoticed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

const errorsFor = async (filePath: string, code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

const forbidden: readonly (readonly [string, string])[] = [
  ['src/domain/probe.ts', "import { openStore } from '../storage/open-store.ts';"],
  ['src/domain/probe.ts', "import type { Store } from '../ports/store.ts';"],
  ['src/ports/probe.ts', "import { createSession } from '../app/create-session.ts';"],
  ['src/app/probe.ts', "import { buildApp } from '../http/build-app.ts';"],
  ['src/app/probe.ts', "import { openStore } from '../storage/open-store.ts';"],
  ['src/app/probe.ts', "import { SandboxCarrier } from '../carriers/sandbox/carrier.ts';"],
  ['src/storage/probe.ts', "import { createSession } from '../app/create-session.ts';"],
  ['src/carriers/twilio/probe.ts', "import { buildApp } from '../../http/build-app.ts';"],
  ['src/http/probe.ts', "import { openStore } from '../storage/open-store.ts';"],
  ['src/http/probe.ts', "import { createTwilioAccount } from '../carriers/twilio/account.ts';"],
  ['src/webhooks/probe.ts', "import { createSession } from '../app/create-session.ts';"],
  ['src/net/probe.ts', "import type { Store } from '../ports/store.ts';"],
  ['src/mail/probe.ts', "import { sendMail } from '../app/mail/send-mail.ts';"],
  ['src/http/probe.ts', "import { createSmtpMailer } from '../mail/smtp-mailer.ts';"],
  ['src/config/probe.ts', "import { TWILIO_SETTINGS } from '../carriers/twilio/settings.ts';"],
  ['src/config/probe.ts', "import type { CarrierType } from '../ports/carrier.ts';"],
  ['src/config/probe.ts', "import { CARRIER_TYPES } from '../runtime.ts';"],
  ['src/cli/probe.ts', "import { openStore } from '../storage/open-store.ts';"],
];

const allowed: readonly (readonly [string, string])[] = [
  ['src/app/probe.ts', "import type { Store } from '../ports/store.ts';"],
  ['src/http/probe.ts', "import { createSession } from '../app/create-session.ts';"],
  ['src/storage/probe.ts', "import type { Session } from '../domain/session.ts';"],
  ['src/config/probe.ts', "import type { CarrierSettingsSpec } from '../domain/carrier-settings.ts';"],
  ['src/carriers/telnyx/probe.ts', "import type { CarrierType } from '../../ports/carrier.ts';"],
];

test('imports across the layer rule are lint errors', async () => {
  for (const [file, code] of forbidden) assert.ok((await errorsFor(file, `${code}\nexport {};\n`)).length > 0, `${file}: ${code}`);
});

test('imports along the layer rule are allowed', async () => {
  for (const [file, code] of allowed) assert.deepEqual(await errorsFor(file, `${code}\nexport {};\n`), [], `${file}: ${code}`);
});

test('every folder of src/ is under the layer rule', async () => {
  const { readdirSync } = await import('node:fs');
  const root = new URL('../../src/', import.meta.url);
  const folders = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  assert.ok(folders.length >= 10, folders.join(', '));
  for (const folder of folders) {
    const config: unknown = await eslint.calculateConfigForFile(`src/${folder}/probe.ts`);
    const rules = typeof config === 'object' && config !== null && 'rules' in config ? config.rules : null;
    const rule = typeof rules === 'object' && rules !== null && 'no-restricted-imports' in rules ? rules['no-restricted-imports'] : null;
    assert.ok(Array.isArray(rule) && rule.length > 1, `src/${folder}/ has no layer rule`);
  }
});
