// Registration rows for gating tests, written straight into the tables of migration 013 (messaging
// services, their numbers, 10DLC campaigns, toll-free verifications), so the gating suites do not depend
// on the Messaging v1 API. Works on either database through its Kysely handle.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.ts';

const sid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;
const DETAILS = JSON.stringify({});

export type CampaignStatus = 'PENDING' | 'IN_PROGRESS' | 'VERIFIED' | 'FAILED' | 'SUSPENDED';
export type TollfreeStatus = 'PENDING_REVIEW' | 'IN_REVIEW' | 'TWILIO_APPROVED' | 'TWILIO_REJECTED';

/** A messaging service holding `numberSids`, with a campaign in `status` (none when null); returns the service sid. */
export const registerCampaign = async (
  db: Kysely<Database>, accountSid: string, numberSids: readonly string[], status: CampaignStatus | null, at = new Date(),
): Promise<string> => {
  const serviceSid = sid('MG');
  const when = at.toISOString();
  await db.insertInto('messaging_services').values({ sid: serviceSid, account_sid: accountSid, friendly_name: 'gating test', details: DETAILS, date_created: when, date_updated: when }).execute();
  for (const numberSid of numberSids) {
    await db.insertInto('messaging_service_numbers').values({ number_sid: numberSid, service_sid: serviceSid, account_sid: accountSid, date_created: when }).execute();
  }
  if (status !== null) {
    await db.insertInto('us_app_to_person').values({
      sid: sid('QE'), account_sid: accountSid, messaging_service_sid: serviceSid, brand_registration_sid: null,
      campaign_status: status, details: DETAILS, decides_at: null, date_created: when, date_updated: when,
    }).execute();
  }
  return serviceSid;
};

export const setCampaignStatus = async (db: Kysely<Database>, serviceSid: string, status: CampaignStatus): Promise<void> => {
  await db.updateTable('us_app_to_person').set({ campaign_status: status }).where('messaging_service_sid', '=', serviceSid).execute();
};

/** A toll-free verification of the number created at `at` (the gate reads the latest one). */
export const verifyTollfree = async (db: Kysely<Database>, accountSid: string, numberSid: string, status: TollfreeStatus, at: Date): Promise<void> => {
  const when = at.toISOString();
  await db.insertInto('tollfree_verifications').values({
    sid: sid('HH'), account_sid: accountSid, tollfree_phone_number_sid: numberSid, status, details: DETAILS, decides_at: null, date_created: when, date_updated: when,
  }).execute();
};
