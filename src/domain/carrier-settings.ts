// What a carrier type needs from configuration, described by the carrier itself: the fields of one of
// its accounts, how each is checked, and the defaults. Configuration reads any type's accounts from
// this description alone, so a new carrier type brings its spec and configuration is not edited.
import type { RawValue } from './setting-values.ts';

interface FieldParser {
  /** The field's value, or null for "not given"; throws an Error saying why (never quoting the value). */
  readonly parse: (raw: RawValue) => string | null;
}

/** A field an account must have: missing, or parsed as "not given", is an error. */
export interface RequiredSettingField extends FieldParser {
  readonly required: true;
}

/** A field that takes its default when missing, or when parsed as "not given". */
export interface OptionalSettingField extends FieldParser {
  readonly required: false;
  readonly default: string | null;
}

export type SettingField = RequiredSettingField | OptionalSettingField;

export interface CarrierSettingsSpec {
  /** The type as accounts name it (`"type": "twilio"`). */
  readonly type: string;
  /** Every field of the type besides `type` and `name`, in the order problems are reported; any other is an error. */
  readonly fields: Readonly<Record<string, SettingField>>;
}

/** One configured account of a carrier type: its fields checked, env references resolved, defaults applied. */
export interface CarrierAccountSettings {
  readonly type: string;
  readonly name: string;
  readonly settings: Readonly<Record<string, string | null>>;
}

/** A field's value; null when it has none (an optional field without a default). */
export const settingOf = (account: CarrierAccountSettings, field: string): string | null => account.settings[field] ?? null;

/**
 * A field the type's spec marks required, so configuration never hands over an account without it; a
 * missing one is a programming error (an account built by hand), named here rather than sent as "".
 */
export const requiredSetting = (account: CarrierAccountSettings, field: string): string => {
  const value = settingOf(account, field);
  if (value === null) throw new Error(`carrier account "${account.name}" (${account.type}) has no ${field}`);
  return value;
};
