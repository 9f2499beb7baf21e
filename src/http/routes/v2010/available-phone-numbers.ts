// /2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers: the countries masq's carriers sell numbers
// in, one country, and a search of one number type (client.availablePhoneNumbers('US').local.list()).
// A search answers {available_phone_numbers, uri} only: twilio-node reads that as a single page of up to
// PageSize numbers (default 50, at most 1000); Page and PageToken are accepted and change nothing.
// Twilio's seven types have their subresources, plus masq's ShortCode (US short codes); a type the
// country has no numbers of is a 404, as on Twilio.
// The {AccountSid} is checked by urlAccount.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { availableCountries, searchAvailableNumbers } from '../../../app/search-available-numbers.ts';
import { notFound } from '../../../domain/errors.ts';
import { parseNumberSearch } from '../../../domain/numbering-plan/query.ts';
import type { NumberCountry } from '../../../ports/carrier.ts';
import { AvailablePhoneNumberJson, CountryJson, serializeAvailableNumber, serializeCountry, TYPE_PATHS } from '../../serializers/available-phone-number.ts';
import { ERRORS, mountPathOf, pathOf, type RouteContext } from '../common.ts';
import { urlAccount } from './url-account.ts';

const SEARCH_PARAMS = [
  'AreaCode', 'Contains', 'SmsEnabled', 'MmsEnabled', 'VoiceEnabled', 'FaxEnabled', 'ExcludeAllAddressRequired',
  'ExcludeLocalAddressRequired', 'ExcludeForeignAddressRequired', 'Beta', 'NearNumber', 'NearLatLong', 'Distance',
  'InPostalCode', 'InRegion', 'InRateCenter', 'InLata', 'InLocality', 'PageSize', 'Page', 'PageToken',
] as const;
const SearchQuery = Type.Object(Object.fromEntries(SEARCH_PARAMS.map((name) => [name, Type.Optional(Type.String())])));
const AccountParams = Type.Object({ AccountSid: Type.String() });
const CountryParams = Type.Object({ AccountSid: Type.String(), CountryCode: Type.String() });
const CountryList = Type.Object({ countries: Type.Array(CountryJson), uri: Type.String() });
const SearchResult = Type.Object({ available_phone_numbers: Type.Array(AvailablePhoneNumberJson), uri: Type.String() });

/** The path up to and including .../AvailablePhoneNumbers, relative to the client's baseUrl. */
const listBase = (accountSid: string) => `/2010-04-01/Accounts/${accountSid}/AvailablePhoneNumbers`;

/** The request's own URI (path and query) within the mount, as Twilio echoes it. */
const selfUri = (request: FastifyRequest, ctx: RouteContext): string => {
  const query = request.url.indexOf('?');
  return `${mountPathOf(request, ctx)}${query < 0 ? '' : request.url.slice(query)}`;
};

const countryOf = (request: FastifyRequest, ctx: RouteContext, isoCountry: string): NumberCountry => {
  const country = availableCountries(ctx.deps).find((c) => c.isoCountry === isoCountry.toUpperCase());
  if (!country) throw notFound(pathOf(request));
  return country;
};

export const availablePhoneNumberRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['AvailablePhoneNumbers'];
  const base = '/2010-04-01/Accounts/:AccountSid/AvailablePhoneNumbers';

  app.get(`${base}.json`, {
    schema: { tags, summary: 'Countries with numbers for sale', params: AccountParams, response: { 200: CountryList, ...ERRORS } },
  }, async (request) => {
    await urlAccount(request, ctx, request.params.AccountSid);
    const countries = availableCountries(ctx.deps).map((c) => serializeCountry(c, listBase(request.params.AccountSid)));
    return { countries, uri: selfUri(request, ctx) };
  });

  app.get(`${base}/:CountryCode.json`, {
    schema: { tags, summary: 'One country with numbers for sale', params: CountryParams, response: { 200: CountryJson, ...ERRORS } },
  }, async (request) => {
    await urlAccount(request, ctx, request.params.AccountSid);
    return serializeCountry(countryOf(request, ctx, request.params.CountryCode), listBase(request.params.AccountSid));
  });

  for (const { type, segment, masqOnly } of TYPE_PATHS) {
    const summary = `Search ${type} numbers for sale${masqOnly ? ' (masq extension: Twilio has no such subresource)' : ''}`;
    app.get(`${base}/:CountryCode/${segment}.json`, {
      schema: { tags, summary, params: CountryParams, querystring: SearchQuery, response: { 200: SearchResult, ...ERRORS } },
    }, async (request) => {
      await urlAccount(request, ctx, request.params.AccountSid);
      const country = countryOf(request, ctx, request.params.CountryCode);
      if (!country.types.includes(type)) throw notFound(pathOf(request));
      const query = parseNumberSearch(request.query, country.isoCountry, type);
      const offered = await searchAvailableNumbers(ctx.deps, query);
      return { available_phone_numbers: offered.map(serializeAvailableNumber), uri: selfUri(request, ctx) };
    });
  }
};
