// The values the numbers API takes (docs/numbers.md), as [value, label] pairs for the filter selects.
export const STATES: readonly (readonly [string, string])[] = [
  ['', 'Any state'], ['provisioning', 'Provisioning'], ['active', 'Active'], ['porting-out', 'Porting out'], ['quarantined', 'Quarantined'],
  ['recycled', 'Recycled'], ['returned', 'Returned'], ['failed', 'Failed'], ['ported-out', 'Ported out'],
];

export const TYPES: readonly (readonly [string, string])[] = [
  ['', 'Any type'], ['local', 'Local'], ['toll-free', 'Toll-free'], ['mobile', 'Mobile'], ['national', 'National'],
  ['shared-cost', 'Shared cost'], ['voip', 'VoIP'], ['machine-to-machine', 'Machine to machine'], ['short-code', 'Short code'],
];

export const CAPABILITIES: readonly (readonly [string, string])[] = [
  ['', 'Any capability'], ['voice', 'Voice'], ['sms', 'SMS'], ['mms', 'MMS'], ['fax', 'Fax'],
];

/** Capabilities as words: `{voice: true, sms: true}` → `Voice, SMS`. */
export const capabilityText = (capabilities: Readonly<Record<string, unknown>>): string =>
  CAPABILITIES.filter(([key]) => key !== '' && capabilities[key] === true).map(([, label]) => label).join(', ') || 'None';
