// Loading carrier accounts of one type through the real configuration loader, as `masq serve` does from
// MASQ_CARRIERS: what each carrier's settings tests (src/carriers/*/settings.test.ts) assert against.
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/load-config.ts';
import type { CarrierAccountSettings, CarrierSettingsSpec } from '../../src/domain/carrier-settings.ts';

export const accountsLoader = (spec: CarrierSettingsSpec) => {
  const load = (carriers: unknown): readonly CarrierAccountSettings[] =>
    loadConfig({ env: { MASQ_CARRIERS: JSON.stringify(carriers) }, argv: [], carrierTypes: [spec] }).carrierAccounts;
  /** The problems the loader reports for the list (it must refuse it). */
  const problemsOf = (carriers: unknown): readonly string[] => {
    try {
      load(carriers);
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      return err.problems;
    }
    assert.fail('expected a ConfigError');
  };
  return { load, problemsOf };
};
