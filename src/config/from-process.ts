// The impure edge of configuration: the only place masq reads process.env and the config file.
import { readFileSync } from 'node:fs';
import { loadConfig } from './load-config.ts';
import type { Config } from './schema.ts';

export const configFromProcess = (argv: readonly string[]): Config =>
  loadConfig({ env: process.env, argv, file: (path) => readFileSync(path, 'utf8') });
