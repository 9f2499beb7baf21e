// The impure edge of configuration: the only place masq reads process.env and the config file.
import { readFileSync } from 'node:fs';
import type { CarrierSettingsSpec } from '../domain/carrier-settings.ts';
import { loadConfig } from './load-config.ts';
import type { Config } from './schema.ts';

/** `carrierTypes`: the carrier types masq is built with (runtime.ts's CARRIER_SETTINGS: each CarrierType's settings). */
export const configFromProcess = (argv: readonly string[], carrierTypes: readonly CarrierSettingsSpec[]): Config =>
  loadConfig({ env: process.env, argv, file: (path) => readFileSync(path, 'utf8'), carrierTypes });

/** The variables an API client command (`masq numbers`) reads: where masq listens and whose credentials to send. */
export const CLIENT_ENV_NAMES = ['MASQ_URL', 'MASQ_ACCOUNT_SID', 'MASQ_AUTH_TOKEN', 'MASQ_API_KEY', 'MASQ_API_SECRET'] as const;
export type ClientEnv = Readonly<Partial<Record<(typeof CLIENT_ENV_NAMES)[number], string>>>;

/** Only those variables, empty ones left out (an exported but empty variable counts as unset). */
export const clientEnvFromProcess = (): ClientEnv =>
  Object.fromEntries(CLIENT_ENV_NAMES.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
