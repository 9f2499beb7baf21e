// What the composition root needs to configure Telnyx accounts.
export { createTelnyxAccount, TELNYX_CARRIER_TYPE, type TelnyxAccountOptions } from './account.ts';
export { TELNYX_CARRIER } from './carrier-type.ts';
export { TELNYX_SETTINGS } from './settings.ts';
export { TELNYX_WEBHOOK_PATHS } from './webhooks.ts';
