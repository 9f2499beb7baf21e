// v1 dates in callback parameters, as the v1 JSON carries them: `2015-07-30T20:00:00Z`, '' for none.
export const isoDate = (date: Date | null): string => (date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : '');
