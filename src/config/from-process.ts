// The impure edge of configuration: the only place masq reads process.env and the config file.
import { readFileSync } from 'node:fs';
import type { CarrierSettingsSpec } from '../domain/carrier-settings.ts';
import { loadConfig } from './load-config.ts';
import type { Config } from './schema.ts';

/** `carrierTypes`: the carrier types masq is built with (runtime.ts's CARRIER_SETTINGS: each CarrierType's settings). */
export const configFromProcess = (argv: readonly string[], carrierTypes: readonly CarrierSettingsSpec[]): Config =>
  loadConfig({ env: process.env, argv, file: (path) => readFileSync(path, 'utf8'), carrierTypes });
