// Every carrier the contract suite runs against. Adding a carrier to masq: write its driver (driver.ts
// says what one does) and add it here; every scenario then runs against it, and the cross-carrier ones
// pair it with every other carrier that shares sessions.
import type { CarrierDriver } from './driver.ts';
import { sandboxDriver } from './sandbox.ts';
import { signalWireDriver } from './signalwire.ts';
import { sipDriver } from './sip.ts';
import { smppDriver } from './smpp.ts';
import { telnyxDriver } from './telnyx.ts';
import { twilioDriver } from './twilio.ts';

export const DRIVERS: readonly CarrierDriver[] = [sandboxDriver, twilioDriver, signalWireDriver, telnyxDriver, smppDriver, sipDriver];
