// The number inventory (migration 009). A number is unique among live records only: the partial unique
// index numbers_live_phone_number_uq guards it, and every "live" query repeats LIVE_NUMBER_PREDICATE word
// for word so SQLite can use that index.
import { sql, type Insertable, type Selectable, type SqlBool, type Updateable } from 'kysely';
import {
  DEFAULT_NUMBER_CONFIG, NUMBER_STATES, NUMBER_TYPES, type InventoryNumber, type NumberConfig, type NumberOrigin,
} from '../domain/inventory-number.ts';
import type { InventoryPatch, InventoryRepo, MisdirectedSummary } from '../ports/store/inventory.ts';
import { flag, iso, isoOrNull, isSet, oneOf, oneOfOrNull, readDate, readDateOrNull, toCount } from './codec.ts';
import { guarded, type Ctx } from './context.ts';
import { LIVE_NUMBER_PREDICATE } from './migrations/009-inventory.ts';
import { FLAGGED_NUMBER_PREDICATE, FLAGGED_STATE_TERM } from './migrations/011-flagged-numbers.ts';
import { keysetPage } from './paging.ts';
import type { NumbersTable } from './schema.ts';

type Row = Selectable<NumbersTable>;

const ORIGINS: readonly NumberOrigin[] = ['purchased', 'imported', 'added', 'ported-in'];
const CHANNELS = ['message', 'voice'] as const;

const decimalOrNull = (v: string | null): number | null => (v === null ? null : Number(v));
const decimalText = (v: number | null): string | null => (v === null ? null : String(v));

/** Stored config holds only what differs from the defaults; a later default applies to old rows too. */
const readConfig = (text: string): NumberConfig => {
  const stored: unknown = JSON.parse(text);
  const fields = typeof stored === 'object' && stored !== null ? stored : {};
  return { ...DEFAULT_NUMBER_CONFIG, ...fields };
};

export const toInventoryNumber = (r: Row): InventoryNumber => ({
  sid: r.sid,
  accountSid: r.account_sid,
  phoneNumber: r.phone_number,
  friendlyName: r.friendly_name,
  state: oneOf(NUMBER_STATES, r.state, 'numbers.state'),
  type: oneOfOrNull(NUMBER_TYPES, r.type, 'numbers.type'),
  origin: oneOf(ORIGINS, r.origin, 'numbers.origin'),
  carrier: r.carrier,
  carrierRef: r.carrier_ref,
  orderRef: r.order_ref,
  place: {
    isoCountry: r.iso_country ?? '',
    region: r.region,
    locality: r.locality,
    rateCenter: r.rate_center,
    lata: r.lata,
    postalCode: r.postal_code,
    latitude: decimalOrNull(r.latitude),
    longitude: decimalOrNull(r.longitude),
  },
  capabilities: { voice: isSet(r.cap_voice), sms: isSet(r.cap_sms), mms: isSet(r.cap_mms), fax: isSet(r.cap_fax) },
  monthlyCost: r.monthly_cost,
  config: readConfig(r.config),
  lastTrafficAt: readDateOrNull(r.last_traffic_at),
  inactiveSince: readDateOrNull(r.inactive_since),
  inactivityWarnedAt: readDateOrNull(r.inactivity_warned_at),
  dateReleased: readDateOrNull(r.date_released),
  quarantineUntil: readDateOrNull(r.quarantine_until),
  quarantineExtensions: r.quarantine_extensions,
  stateReason: r.state_reason,
  dateStateChanged: readDate(r.date_state_changed),
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

/** Only the config fields that differ from the defaults are stored. */
const configText = (config: NumberConfig): string => {
  const changed = Object.entries(config).filter(([key, value]) => DEFAULT_NUMBER_CONFIG[key as keyof NumberConfig] !== value);
  return JSON.stringify(Object.fromEntries(changed));
};

const patchColumns = (p: InventoryPatch): Updateable<NumbersTable> => ({
  ...(p.friendlyName !== undefined && { friendly_name: p.friendlyName }),
  ...(p.state !== undefined && { state: p.state }),
  ...(p.type !== undefined && { type: p.type }),
  ...(p.origin !== undefined && { origin: p.origin }),
  ...(p.carrier !== undefined && { carrier: p.carrier }),
  ...(p.carrierRef !== undefined && { carrier_ref: p.carrierRef }),
  ...(p.orderRef !== undefined && { order_ref: p.orderRef }),
  ...(p.place !== undefined && {
    iso_country: p.place.isoCountry, region: p.place.region, locality: p.place.locality, rate_center: p.place.rateCenter,
    lata: p.place.lata, postal_code: p.place.postalCode, latitude: decimalText(p.place.latitude), longitude: decimalText(p.place.longitude),
  }),
  ...(p.capabilities !== undefined && {
    cap_voice: flag(p.capabilities.voice), cap_sms: flag(p.capabilities.sms), cap_mms: flag(p.capabilities.mms), cap_fax: flag(p.capabilities.fax),
  }),
  ...(p.monthlyCost !== undefined && { monthly_cost: p.monthlyCost }),
  ...(p.config !== undefined && { config: configText(p.config) }),
  ...(p.lastTrafficAt !== undefined && { last_traffic_at: isoOrNull(p.lastTrafficAt) }),
  ...(p.inactiveSince !== undefined && { inactive_since: isoOrNull(p.inactiveSince) }),
  ...(p.inactivityWarnedAt !== undefined && { inactivity_warned_at: isoOrNull(p.inactivityWarnedAt) }),
  ...(p.dateReleased !== undefined && { date_released: isoOrNull(p.dateReleased) }),
  ...(p.quarantineUntil !== undefined && { quarantine_until: isoOrNull(p.quarantineUntil) }),
  ...(p.quarantineExtensions !== undefined && { quarantine_extensions: p.quarantineExtensions }),
  ...(p.stateReason !== undefined && { state_reason: p.stateReason }),
  ...(p.dateStateChanged !== undefined && { date_state_changed: iso(p.dateStateChanged) }),
  date_updated: iso(p.dateUpdated),
});

const toRow = (n: InventoryNumber): Insertable<NumbersTable> => ({
  sid: n.sid,
  account_sid: n.accountSid,
  phone_number: n.phoneNumber,
  friendly_name: n.friendlyName,
  state: n.state,
  type: n.type,
  origin: n.origin,
  carrier: n.carrier,
  carrier_ref: n.carrierRef,
  order_ref: n.orderRef,
  iso_country: n.place.isoCountry === '' ? null : n.place.isoCountry,
  region: n.place.region,
  locality: n.place.locality,
  rate_center: n.place.rateCenter,
  lata: n.place.lata,
  postal_code: n.place.postalCode,
  latitude: decimalText(n.place.latitude),
  longitude: decimalText(n.place.longitude),
  cap_voice: flag(n.capabilities.voice),
  cap_sms: flag(n.capabilities.sms),
  cap_mms: flag(n.capabilities.mms),
  cap_fax: flag(n.capabilities.fax),
  monthly_cost: n.monthlyCost,
  config: configText(n.config),
  last_traffic_at: isoOrNull(n.lastTrafficAt),
  inactive_since: isoOrNull(n.inactiveSince),
  inactivity_warned_at: isoOrNull(n.inactivityWarnedAt),
  date_released: isoOrNull(n.dateReleased),
  quarantine_until: isoOrNull(n.quarantineUntil),
  quarantine_extensions: n.quarantineExtensions,
  state_reason: n.stateReason,
  date_state_changed: iso(n.dateStateChanged),
  date_created: iso(n.dateCreated),
  date_updated: iso(n.dateUpdated),
});

/** Twilio's PhoneNumber filter: digits with `*` for any one digit, matched anywhere in the number. */
const phoneNumberLike = (pattern: string): string => `%${pattern.replace(/[%_\\]/g, '').replace(/\*/g, '_')}%`;

const summaryOf = (r: { sender: string; channel: string; n: string | number | bigint; first_seen: Date | string; last_seen: Date | string }): MisdirectedSummary => ({
  sender: r.sender,
  channel: oneOf(CHANNELS, r.channel, 'misdirected_traffic.channel'),
  count: toCount(r.n),
  firstSeen: readDate(r.first_seen),
  lastSeen: readDate(r.last_seen),
});

export const inventoryRepo = (ctx: Ctx): InventoryRepo => ({
  createInventoryNumber: (n) => guarded(ctx, async () => {
    await ctx.db().insertInto('numbers').values(toRow(n)).execute();
  }),

  async findInventoryNumber(accountSid, sid) {
    const row = await ctx.db().selectFrom('numbers').selectAll().where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return row ? toInventoryNumber(row) : null;
  },

  async findLiveNumber(e164) {
    const row = await ctx.db().selectFrom('numbers').selectAll().where('phone_number', '=', e164).where(LIVE_NUMBER_PREDICATE).executeTakeFirst();
    return row ? toInventoryNumber(row) : null;
  },

  listInventory: (accountSid, filter, page) => {
    let qb = ctx.db().selectFrom('numbers').selectAll().where('account_sid', '=', accountSid).where('state', 'in', [...filter.states]);
    if (filter.phoneNumber !== undefined) qb = qb.where('phone_number', 'like', phoneNumberLike(filter.phoneNumber));
    if (filter.friendlyName !== undefined) qb = qb.where('friendly_name', '=', filter.friendlyName);
    if (filter.type !== undefined) qb = qb.where('type', '=', filter.type);
    if (filter.carrier !== undefined) qb = qb.where('carrier', '=', filter.carrier);
    if (filter.origins !== undefined) qb = qb.where('origin', 'in', [...filter.origins]);
    return keysetPage(qb, 'numbers', page, toInventoryNumber);
  },

  async numberHistory(accountSid, e164) {
    const rows = await ctx.db().selectFrom('numbers').selectAll().where('phone_number', '=', e164).where('account_sid', '=', accountSid)
      .orderBy('date_created', 'desc').orderBy('sid', 'desc').execute();
    return rows.map(toInventoryNumber);
  },

  updateInventoryNumber: (accountSid, sid, patch) => guarded(ctx, async () => {
    const row = await ctx.db().updateTable('numbers').set(patchColumns(patch)).where('account_sid', '=', accountSid).where('sid', '=', sid)
      .returningAll().executeTakeFirst();
    return row ? toInventoryNumber(row) : null;
  }),

  async moveNumberToAccount(fromAccountSid, sid, toAccountSid, at) {
    await ctx.db().updateTable('phone_numbers').set({ account_sid: toAccountSid, date_updated: iso(at) })
      .where('account_sid', '=', fromAccountSid).where('sid', '=', sid).where('service_sid', 'is', null).execute();
    const row = await ctx.db().updateTable('numbers').set({ account_sid: toAccountSid, date_updated: iso(at) })
      .where('account_sid', '=', fromAccountSid).where('sid', '=', sid).returningAll().executeTakeFirst();
    return row ? toInventoryNumber(row) : null;
  },

  async recordMisdirected(a) {
    await ctx.db().insertInto('misdirected_traffic').values({
      id: a.id, number_sid: a.numberSid, sender: a.sender, channel: a.channel, occurred_at: iso(a.occurredAt),
    }).onConflict((oc) => oc.column('id').doNothing()).execute();
  },

  async countMisdirectedSince(numberSid, since) {
    const row = await ctx.db().selectFrom('misdirected_traffic').select((eb) => eb.fn.countAll().as('n'))
      .where('number_sid', '=', numberSid).where('occurred_at', '>=', iso(since)).executeTakeFirstOrThrow();
    return toCount(row.n);
  },

  async misdirectedSummary(numberSid) {
    const rows = await ctx.db().selectFrom('misdirected_traffic')
      .select((eb) => ['sender', 'channel', eb.fn.countAll().as('n'), eb.fn.min('occurred_at').as('first_seen'), eb.fn.max('occurred_at').as('last_seen')])
      .where('number_sid', '=', numberSid).groupBy(['sender', 'channel']).orderBy('last_seen', 'desc').execute();
    return rows.map(summaryOf);
  },

  async recordOptOut(e164, sender, word, at) {
    await ctx.db().insertInto('number_opt_outs').values({ phone_number: e164, sender, word, date_created: iso(at) })
      .onConflict((oc) => oc.columns(['phone_number', 'sender']).doNothing()).execute();
  },

  async isOptedOut(e164, sender) {
    const row = await ctx.db().selectFrom('number_opt_outs').select('sender').where('phone_number', '=', e164).where('sender', '=', sender).executeTakeFirst();
    return row !== undefined;
  },

  async removeOptOut(e164, sender) {
    const result = await ctx.db().deleteFrom('number_opt_outs').where('phone_number', '=', e164).where('sender', '=', sender).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  async getNumberPolicy(accountSid) {
    const row = await ctx.db().selectFrom('number_policies').select('policy').where('account_sid', '=', accountSid).executeTakeFirst();
    return row?.policy ?? null;
  },

  async setNumberPolicy(accountSid, policy, at) {
    await ctx.db().insertInto('number_policies').values({ account_sid: accountSid, policy, date_updated: iso(at) })
      .onConflict((oc) => oc.column('account_sid').doUpdateSet({ policy, date_updated: iso(at) })).execute();
  },

  async dueQuarantines(now, limit) {
    const rows = await ctx.db().selectFrom('numbers').selectAll().where(sql<SqlBool>`state = 'quarantined'`)
      .where('quarantine_until', '<=', iso(now)).orderBy('quarantine_until').limit(limit).execute();
    return rows.map(toInventoryNumber);
  },

  async inactivityCandidates(before, limit) {
    const rows = await ctx.db().selectFrom('numbers').selectAll().where('state', '=', 'active').where('inactive_since', 'is', null)
      .where((eb) => eb.or([
        eb('last_traffic_at', '<', iso(before)),
        eb.and([eb('last_traffic_at', 'is', null), eb('date_state_changed', '<', iso(before))]),
      ]))
      // Never-used numbers (no traffic yet) count from when they became active, in the same order.
      .orderBy(sql`coalesce(last_traffic_at, date_state_changed)`).limit(limit).execute();
    return rows.map(toInventoryNumber);
  },

  async warnedInactive(warnedBefore, limit) {
    const rows = await ctx.db().selectFrom('numbers').selectAll().where('state', '=', 'active')
      .where('inactive_since', 'is not', null).where('inactivity_warned_at', '<=', iso(warnedBefore))
      .orderBy('inactivity_warned_at').limit(limit).execute();
    return rows.map(toInventoryNumber);
  },

  async flaggedInactive(after, limit) {
    let qb = ctx.db().selectFrom('numbers').selectAll();
    if (after === null) {
      qb = qb.where(FLAGGED_NUMBER_PREDICATE);
    } else {
      // After the cursor: a range on inactive_since (the seek into numbers_flagged_idx, and what lets both
      // databases use the partial index without repeating `is not null`), less the cursor's own instant up to
      // its sid. Not a row comparison: PostgreSQL estimates that as if `is not null` were a second, independent
      // filter, underestimates what is left, and then prefers sorting a bitmap scan to walking the index.
      const since = iso(after.inactiveSince);
      qb = qb.where(FLAGGED_STATE_TERM).where('inactive_since', '>=', since)
        .where(sql<SqlBool>`not (inactive_since = ${since} and sid <= ${after.sid})`);
    }
    const rows = await qb.orderBy('inactive_since').orderBy('sid').limit(limit).execute();
    return rows.map(toInventoryNumber);
  },

  async provisioningNumbers(limit) {
    const rows = await ctx.db().selectFrom('numbers').selectAll().where(sql<SqlBool>`state = 'provisioning'`)
      .orderBy('date_state_changed').limit(limit).execute();
    return rows.map(toInventoryNumber);
  },

  async lastSessionTraffic(number) {
    // By E.164 first: participants_route_history_idx (proxy_identifier, ...) finds them without an index of
    // its own on the participants table (every session's create would pay for it); the sid keeps out the
    // sessions of an earlier holder of the same number.
    const row = await ctx.db().selectFrom('participants as p').innerJoin('sessions as s', 's.sid', 'p.session_sid')
      .select((eb) => eb.fn.max('s.date_last_interaction').as('last'))
      .where('p.proxy_identifier', '=', number.phoneNumber).where('p.proxy_identifier_sid', '=', number.sid).executeTakeFirst();
    const last = row?.last ?? null;
    return last === null ? null : readDate(last);
  },
});
