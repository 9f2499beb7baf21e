// A2P brand registrations (migration 013) and the sandbox registry's brand profiles (migration 017).
// status and decides_at are columns (the sweeper and campaigns filter on them); the rest is JSON `details`.
import type { Selectable } from 'kysely';
import { EMPTY_PROFILE_DATA, type BrandProfile, type BrandProfileData } from '../domain/messaging/brand-profile.ts';
import { BRAND_STATUSES, BRAND_TYPES, UNDECIDED, type BrandRegistration } from '../domain/messaging/brand.ts';
import type { BrandRegistrationPatch, MessagingRepo } from '../ports/store/messaging.ts';
import { iso, isoOrNull, oneOf, readDate, readDateOrNull } from './codec.ts';
import type { Ctx } from './context.ts';
import { REGISTRATION_DUE_PREDICATE } from './migrations/013-messaging.ts';
import { keysetPage } from './paging.ts';
import type { BrandProfilesTable, BrandRegistrationsTable } from './schema.ts';

type BrandDetails = Omit<BrandRegistration, 'sid' | 'accountSid' | 'status' | 'decidesAt' | 'dateCreated' | 'dateUpdated'>;

const DEFAULT_DETAILS: BrandDetails = {
  ...UNDECIDED, customerProfileBundleSid: '', a2pProfileBundleSid: '', brandType: 'STANDARD', skipAutomaticSecVet: false, mock: false,
};

const objectOf = (text: string): object => {
  const stored: unknown = JSON.parse(text);
  return typeof stored === 'object' && stored !== null ? stored : {};
};

const toBrand = (r: Selectable<BrandRegistrationsTable>): BrandRegistration => {
  const details: BrandDetails = { ...DEFAULT_DETAILS, ...objectOf(r.details) };
  return {
    ...details,
    brandType: oneOf(BRAND_TYPES, details.brandType, 'brand_registrations.details.brandType'),
    sid: r.sid,
    accountSid: r.account_sid,
    status: oneOf(BRAND_STATUSES, r.status, 'brand_registrations.status'),
    decidesAt: readDateOrNull(r.decides_at),
    dateCreated: readDate(r.date_created),
    dateUpdated: readDate(r.date_updated),
  };
};

const detailsOf = (b: BrandDetails): string => JSON.stringify({
  customerProfileBundleSid: b.customerProfileBundleSid, a2pProfileBundleSid: b.a2pProfileBundleSid, brandType: b.brandType,
  skipAutomaticSecVet: b.skipAutomaticSecVet, mock: b.mock, tcrId: b.tcrId, failureReason: b.failureReason, errors: b.errors,
  brandScore: b.brandScore, brandFeedback: b.brandFeedback, identityStatus: b.identityStatus, russell3000: b.russell3000,
  governmentEntity: b.governmentEntity, taxExemptStatus: b.taxExemptStatus, registry: b.registry,
} satisfies BrandDetails);

const toProfile = (r: Selectable<BrandProfilesTable>): BrandProfile => {
  const data: BrandProfileData = { ...EMPTY_PROFILE_DATA, ...objectOf(r.details) };
  return { ...data, sid: r.sid, accountSid: r.account_sid, friendlyName: r.friendly_name, dateCreated: readDate(r.date_created), dateUpdated: readDate(r.date_updated) };
};

const profileDetails = (p: BrandProfileData): string => JSON.stringify({
  legalName: p.legalName, taxId: p.taxId, entityType: p.entityType, vertical: p.vertical, street: p.street, city: p.city, region: p.region,
  postalCode: p.postalCode, isoCountry: p.isoCountry, website: p.website, email: p.email, phone: p.phone, stockSymbol: p.stockSymbol,
  stockExchange: p.stockExchange,
} satisfies BrandProfileData);

type BrandRepo = Pick<MessagingRepo, 'createBrandRegistration' | 'findBrandRegistration' | 'listBrandRegistrations' | 'updateBrandRegistration'
  | 'dueBrandRegistrations' | 'createBrandProfile' | 'findBrandProfile' | 'listBrandProfiles' | 'updateBrandProfile'>;

export const brandRepo = (ctx: Ctx): BrandRepo => {
  const findBrand = async (accountSid: string, sid: string): Promise<BrandRegistration | null> => {
    const row = await ctx.db().selectFrom('brand_registrations').selectAll().where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return row ? toBrand(row) : null;
  };
  return {
    async createBrandRegistration(b) {
      await ctx.db().insertInto('brand_registrations').values({
        sid: b.sid, account_sid: b.accountSid, status: b.status, details: detailsOf(b), decides_at: isoOrNull(b.decidesAt),
        date_created: iso(b.dateCreated), date_updated: iso(b.dateUpdated),
      }).execute();
    },

    findBrandRegistration: findBrand,

    listBrandRegistrations: (accountSid, page) =>
      keysetPage(ctx.db().selectFrom('brand_registrations').selectAll().where('account_sid', '=', accountSid), 'brand_registrations', page, toBrand),

    async updateBrandRegistration(accountSid, sid, patch: BrandRegistrationPatch) {
      // details is one JSON value: read, merge, write back (callers hold the brand's lock).
      const current = await findBrand(accountSid, sid);
      if (!current) return null;
      const next: BrandRegistration = { ...current, ...patch };
      const row = await ctx.db().updateTable('brand_registrations').set({
        status: next.status, details: detailsOf(next), decides_at: isoOrNull(next.decidesAt), date_updated: iso(next.dateUpdated),
      }).where('account_sid', '=', accountSid).where('sid', '=', sid).returningAll().executeTakeFirst();
      return row ? toBrand(row) : null;
    },

    async dueBrandRegistrations(now, limit) {
      // REGISTRATION_DUE_PREDICATE word for word: SQLite uses the partial index brand_registrations_due_idx.
      // Any status: a carrier's brand is asked again while IN_REVIEW and, once APPROVED, for a suspension.
      const rows = await ctx.db().selectFrom('brand_registrations').selectAll().where(REGISTRATION_DUE_PREDICATE)
        .where('decides_at', '<=', iso(now)).orderBy('decides_at').limit(limit).execute();
      return rows.map(toBrand);
    },

    async createBrandProfile(p) {
      await ctx.db().insertInto('brand_profiles').values({
        sid: p.sid, account_sid: p.accountSid, friendly_name: p.friendlyName, details: profileDetails(p),
        date_created: iso(p.dateCreated), date_updated: iso(p.dateUpdated),
      }).execute();
    },

    async findBrandProfile(accountSid, sid) {
      const row = await ctx.db().selectFrom('brand_profiles').selectAll().where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
      return row ? toProfile(row) : null;
    },

    listBrandProfiles: (accountSid, page) =>
      keysetPage(ctx.db().selectFrom('brand_profiles').selectAll().where('account_sid', '=', accountSid), 'brand_profiles', page, toProfile),

    async updateBrandProfile(accountSid, p) {
      const row = await ctx.db().updateTable('brand_profiles').set({ friendly_name: p.friendlyName, details: profileDetails(p), date_updated: iso(p.dateUpdated) })
        .where('account_sid', '=', accountSid).where('sid', '=', p.sid).returningAll().executeTakeFirst();
      return row ? toProfile(row) : null;
    },
  };
};
