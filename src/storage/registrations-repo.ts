// 10DLC campaigns (us_app_to_person) and toll-free verifications (migration 013). What queries filter or
// join on is a column (the service, the brand, the number, the status, decides_at); the rest of Twilio's
// fields travel as one JSON `details` object, read and written whole.
import { sql, type Selectable } from 'kysely';
import { CAMPAIGN_STATUSES, type Campaign } from '../domain/messaging/campaign.ts';
import { EMPTY_SUBMISSION, OPT_IN_TYPES, TOLLFREE_STATUSES, type TollfreeVerification } from '../domain/messaging/tollfree-verification.ts';
import type { RegistrationRepo } from '../ports/store/registrations.ts';
import { iso, isoOrNull, oneOf, readDate, readDateOrNull, toCount } from './codec.ts';
import type { Ctx } from './context.ts';
import { REGISTRATION_DUE_PREDICATE } from './migrations/013-messaging.ts';
import { keysetPage } from './paging.ts';
import type { TollfreeVerificationsTable, UsAppToPersonTable } from './schema.ts';

type CampaignDetails = Omit<Campaign, 'sid' | 'accountSid' | 'messagingServiceSid' | 'brandRegistrationSid' | 'status' | 'decidesAt' | 'dateCreated' | 'dateUpdated'>;

const DEFAULT_CAMPAIGN: CampaignDetails = {
  description: '', messageFlow: '', messageSamples: [], hasEmbeddedLinks: false, hasEmbeddedPhone: false, ageGated: false, directLending: false,
  privacyPolicyUrl: null, termsAndConditionsUrl: null, optInMessage: null, optOutMessage: null, helpMessage: null, optInKeywords: [],
  optOutKeywords: [], helpKeywords: [], subscriberOptIn: null, usecase: '', campaignId: '', isExternallyRegistered: false, cnpMigration: false,
  rateLimits: null, errors: [], mock: false,
};

const objectOf = (text: string): object => {
  const stored: unknown = JSON.parse(text);
  return typeof stored === 'object' && stored !== null ? stored : {};
};

const toCampaign = (r: Selectable<UsAppToPersonTable>): Campaign => ({
  ...DEFAULT_CAMPAIGN,
  ...objectOf(r.details),
  sid: r.sid,
  accountSid: r.account_sid,
  messagingServiceSid: r.messaging_service_sid,
  brandRegistrationSid: r.brand_registration_sid,
  status: oneOf(CAMPAIGN_STATUSES, r.campaign_status, 'us_app_to_person.campaign_status'),
  decidesAt: readDateOrNull(r.decides_at),
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

const campaignDetails = (c: CampaignDetails): string => JSON.stringify({
  description: c.description, messageFlow: c.messageFlow, messageSamples: c.messageSamples, hasEmbeddedLinks: c.hasEmbeddedLinks,
  hasEmbeddedPhone: c.hasEmbeddedPhone, ageGated: c.ageGated, directLending: c.directLending, privacyPolicyUrl: c.privacyPolicyUrl,
  termsAndConditionsUrl: c.termsAndConditionsUrl, optInMessage: c.optInMessage, optOutMessage: c.optOutMessage, helpMessage: c.helpMessage,
  optInKeywords: c.optInKeywords, optOutKeywords: c.optOutKeywords, helpKeywords: c.helpKeywords, subscriberOptIn: c.subscriberOptIn,
  usecase: c.usecase, campaignId: c.campaignId, isExternallyRegistered: c.isExternallyRegistered, cnpMigration: c.cnpMigration,
  rateLimits: c.rateLimits, errors: c.errors, mock: c.mock, registry: c.registry,
} satisfies CampaignDetails);

/** A verification's JSON: its dates as ISO text. */
interface StoredVerification {
  readonly tollfreePhoneNumber: string;
  readonly submission: TollfreeVerification['submission'];
  readonly rejectionReasons: TollfreeVerification['rejectionReasons'];
  readonly errorCode: number | null;
  readonly editReason: string | null;
  readonly editExpiration: string | null;
  readonly submittedAt: string | null;
  readonly registry?: TollfreeVerification['registry'];
}

const DEFAULT_VERIFICATION: StoredVerification = {
  tollfreePhoneNumber: '',
  submission: EMPTY_SUBMISSION,
  rejectionReasons: [],
  errorCode: null,
  editReason: null,
  editExpiration: null,
  submittedAt: null,
};

const toVerification = (r: Selectable<TollfreeVerificationsTable>): TollfreeVerification => {
  const stored: StoredVerification = { ...DEFAULT_VERIFICATION, ...objectOf(r.details) };
  const submission = { ...DEFAULT_VERIFICATION.submission, ...stored.submission };
  return {
    sid: r.sid,
    accountSid: r.account_sid,
    tollfreePhoneNumberSid: r.tollfree_phone_number_sid,
    tollfreePhoneNumber: stored.tollfreePhoneNumber,
    status: oneOf(TOLLFREE_STATUSES, r.status, 'tollfree_verifications.status'),
    submission: { ...submission, optInType: oneOf(OPT_IN_TYPES, submission.optInType, 'tollfree_verifications.details.optInType') },
    rejectionReasons: stored.rejectionReasons,
    errorCode: stored.errorCode,
    editReason: stored.editReason,
    editExpiration: readDateOrNull(stored.editExpiration),
    decidesAt: readDateOrNull(r.decides_at),
    submittedAt: readDate(stored.submittedAt ?? r.date_created),
    ...(stored.registry !== undefined && { registry: stored.registry }),
    dateCreated: readDate(r.date_created),
    dateUpdated: readDate(r.date_updated),
  };
};

const verificationDetails = (v: TollfreeVerification): string => JSON.stringify({
  tollfreePhoneNumber: v.tollfreePhoneNumber, submission: v.submission, rejectionReasons: v.rejectionReasons, errorCode: v.errorCode,
  editReason: v.editReason, editExpiration: isoOrNull(v.editExpiration), submittedAt: iso(v.submittedAt), registry: v.registry,
} satisfies StoredVerification);

export const registrationRepo = (ctx: Ctx): RegistrationRepo => {
  const findCampaign = async (accountSid: string, sid: string): Promise<Campaign | null> => {
    const row = await ctx.db().selectFrom('us_app_to_person').selectAll().where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return row ? toCampaign(row) : null;
  };
  const findVerification = async (accountSid: string, sid: string): Promise<TollfreeVerification | null> => {
    const row = await ctx.db().selectFrom('tollfree_verifications').selectAll().where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return row ? toVerification(row) : null;
  };
  return {
    async createCampaign(c) {
      // The unique messaging_service_sid is the one-campaign-per-service rule: a second insert writes nothing.
      const result = await ctx.db().insertInto('us_app_to_person').values({
        sid: c.sid, account_sid: c.accountSid, messaging_service_sid: c.messagingServiceSid, brand_registration_sid: c.brandRegistrationSid,
        campaign_status: c.status, details: campaignDetails(c), decides_at: isoOrNull(c.decidesAt), date_created: iso(c.dateCreated), date_updated: iso(c.dateUpdated),
      }).onConflict((oc) => oc.column('messaging_service_sid').doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    findCampaign,

    async campaignOfService(accountSid, serviceSid) {
      const row = await ctx.db().selectFrom('us_app_to_person').selectAll().where('account_sid', '=', accountSid)
        .where('messaging_service_sid', '=', serviceSid).executeTakeFirst();
      return row ? toCampaign(row) : null;
    },

    listCampaigns: (accountSid, serviceSid, page) => keysetPage(
      ctx.db().selectFrom('us_app_to_person').selectAll().where('account_sid', '=', accountSid).where('messaging_service_sid', '=', serviceSid),
      'us_app_to_person', page, toCampaign,
    ),

    async updateCampaign(accountSid, sid, patch) {
      // details is one JSON value: read, merge, write back (callers hold the campaign's lock).
      const current = await findCampaign(accountSid, sid);
      if (!current) return null;
      const next: Campaign = { ...current, ...patch };
      const row = await ctx.db().updateTable('us_app_to_person').set({
        brand_registration_sid: next.brandRegistrationSid, campaign_status: next.status, details: campaignDetails(next),
        decides_at: isoOrNull(next.decidesAt), date_updated: iso(next.dateUpdated),
      }).where('account_sid', '=', accountSid).where('sid', '=', sid).returningAll().executeTakeFirst();
      return row ? toCampaign(row) : null;
    },

    async deleteCampaign(accountSid, sid) {
      const result = await ctx.db().deleteFrom('us_app_to_person').where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async countBrandCampaigns(accountSid, brandSid) {
      const row = await ctx.db().selectFrom('us_app_to_person').select((eb) => eb.fn.countAll().as('n'))
        .where('account_sid', '=', accountSid).where('brand_registration_sid', '=', brandSid).executeTakeFirstOrThrow();
      return toCount(row.n);
    },

    async dueCampaigns(now, limit) {
      // REGISTRATION_DUE_PREDICATE word for word: SQLite uses the partial index us_app_to_person_due_idx.
      const rows = await ctx.db().selectFrom('us_app_to_person').selectAll().where(REGISTRATION_DUE_PREDICATE)
        .where('decides_at', '<=', iso(now)).orderBy('decides_at').limit(limit).execute();
      return rows.map(toCampaign);
    },

    async unbilledCampaignMonths(q) {
      // The month's fee is the cost record keyed `<sid>:<YYYY-MM>` (campaign-fees.ts): probed through the unique
      // event_key index, so billed campaigns drop out and a pass reads only what it still has to bill.
      const rows = await ctx.db().selectFrom('us_app_to_person').selectAll('us_app_to_person')
        .where('campaign_status', 'in', [...q.statuses]).where('us_app_to_person.sid', '>', q.afterSid)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('cost_records').select('cost_records.sid')
          .where('cost_records.event_key', '=', sql<string>`${sql.ref('us_app_to_person.sid')} || ${`:${q.month}`}`))))
        .orderBy('us_app_to_person.sid').limit(q.limit).execute();
      return rows.map(toCampaign);
    },

    async createTollfreeVerification(v) {
      await ctx.db().insertInto('tollfree_verifications').values({
        sid: v.sid, account_sid: v.accountSid, tollfree_phone_number_sid: v.tollfreePhoneNumberSid, status: v.status, details: verificationDetails(v),
        decides_at: isoOrNull(v.decidesAt), date_created: iso(v.dateCreated), date_updated: iso(v.dateUpdated),
      }).execute();
    },

    findTollfreeVerification: findVerification,

    listTollfreeVerifications: async (accountSid, filter, page) => {
      let qb = ctx.db().selectFrom('tollfree_verifications').selectAll().where('account_sid', '=', accountSid);
      if (filter.tollfreePhoneNumberSid !== undefined) qb = qb.where('tollfree_phone_number_sid', '=', filter.tollfreePhoneNumberSid);
      if (filter.status !== undefined) qb = qb.where('status', '=', filter.status);
      const result = await keysetPage(qb, 'tollfree_verifications', page, toVerification);
      // ExternalReferenceId lives in the JSON: filtered on the page read (a rarely used filter, on a short list).
      const ref = filter.externalReferenceId;
      return ref === undefined ? result : { ...result, items: result.items.filter((v) => v.submission.externalReferenceId === ref) };
    },

    async updateTollfreeVerification(accountSid, sid, patch) {
      const current = await findVerification(accountSid, sid);
      if (!current) return null;
      const next: TollfreeVerification = { ...current, ...patch };
      const row = await ctx.db().updateTable('tollfree_verifications').set({
        status: next.status, details: verificationDetails(next), decides_at: isoOrNull(next.decidesAt), date_updated: iso(next.dateUpdated),
      }).where('account_sid', '=', accountSid).where('sid', '=', sid).returningAll().executeTakeFirst();
      return row ? toVerification(row) : null;
    },

    async deleteTollfreeVerification(accountSid, sid) {
      const result = await ctx.db().deleteFrom('tollfree_verifications').where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async latestTollfreeVerification(numberSid) {
      // tollfree_verifications_number_idx (tollfree_phone_number_sid, date_created), walked backwards.
      const row = await ctx.db().selectFrom('tollfree_verifications').selectAll().where('tollfree_phone_number_sid', '=', numberSid)
        .orderBy('date_created', 'desc').orderBy('sid', 'desc').limit(1).executeTakeFirst();
      return row ? toVerification(row) : null;
    },

    async dueTollfreeVerifications(now, limit) {
      const rows = await ctx.db().selectFrom('tollfree_verifications').selectAll().where(REGISTRATION_DUE_PREDICATE)
        .where('decides_at', '<=', iso(now)).orderBy('decides_at').limit(limit).execute();
      return rows.map(toVerification);
    },
  };
};
