// The version printed by `masq --version` and shown in the OpenAPI document: package.json's.
import { readFileSync } from 'node:fs';

export const masqVersion = (): string => {
  const parsed: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string' ? parsed.version : '0.0.0';
};
