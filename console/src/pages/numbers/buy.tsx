// Search the carriers' numbers (2010 AvailablePhoneNumbers: every carrier account's offer, each row naming
// the account that sells it) and buy one (2010 IncomingPhoneNumbers, through that account).
import { useState } from 'preact/hooks';
import { accountPath, apiGet, apiPost, asApiError, type ApiError, useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Field } from '../../components/field.tsx';
import { isRecord, list, obj, optStr, str } from '../../json.ts';
import { href } from '../../paths.ts';
import { money, orDash, words } from '../common/format.ts';
import { capabilityText } from './options.ts';

interface Search { readonly country: string; readonly type: string; readonly areaCode: string; readonly contains: string; readonly sms: boolean; readonly voice: boolean }

interface Bought { readonly sid: string; readonly phoneNumber: string; readonly status: string }

const AREA_CODE_COUNTRIES = new Set(['US', 'CA']);

/** The search resources of the chosen country: [type key, its URI]. */
const typesOf = (countries: readonly unknown[], country: string): readonly (readonly [string, string])[] => {
  const entry = countries.find((c) => str(c, 'country_code') === country);
  return Object.entries(obj(entry, 'subresource_uris')).flatMap(([key, uri]) => (typeof uri === 'string' ? [[key, uri] as const] : []));
};

export const BuyNumber = ({ onBought }: { readonly onBought: () => void }) => {
  const countries = useApi(accountPath('/AvailablePhoneNumbers.json'));
  const countryList = list(countries.data, 'countries').filter(isRecord);
  const [search, setSearch] = useState<Search>({ country: 'US', type: 'local', areaCode: '', contains: '', sms: true, voice: false });
  const [offers, setOffers] = useState<readonly Record<string, unknown>[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [bought, setBought] = useState<Bought | null>(null);

  const types = typesOf(countryList, search.country);
  const typeUri = types.find(([key]) => key === search.type)?.[1] ?? types[0]?.[1] ?? null;
  const set = <K extends keyof Search>(key: K, value: Search[K]) => setSearch((s) => ({ ...s, [key]: value }));

  const find = async (event: Event) => {
    event.preventDefault();
    if (typeUri === null) return;
    setBusy('search');
    setError(null);
    try {
      const body = await apiGet(typeUri, {
        AreaCode: AREA_CODE_COUNTRIES.has(search.country) ? search.areaCode : '', Contains: search.contains,
        SmsEnabled: search.sms ? 'true' : '', VoiceEnabled: search.voice ? 'true' : '', PageSize: 20,
      });
      setOffers(list(body, 'available_phone_numbers').filter(isRecord));
    } catch (failure) {
      setError(asApiError(failure));
      setOffers(null);
    } finally {
      setBusy(null);
    }
  };

  const buy = async (offer: unknown) => {
    const phoneNumber = str(offer, 'phone_number');
    setBusy(phoneNumber);
    setError(null);
    try {
      const number = await apiPost(accountPath('/IncomingPhoneNumbers.json'), { PhoneNumber: phoneNumber, MasqCarrier: str(offer, 'masq_carrier') });
      setBought({ sid: str(number, 'sid'), phoneNumber: str(number, 'phone_number'), status: str(number, 'masq_lifecycle') || str(number, 'status') });
      setOffers((current) => current?.filter((o) => str(o, 'phone_number') !== phoneNumber) ?? null);
      onBought();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="card" aria-labelledby="buy-heading">
      <h2 id="buy-heading">Search and buy a number</h2>
      <ErrorBanner error={countries.error ?? error} />
      <form class="filters" onSubmit={find} aria-label="Search numbers on offer">
        <Field label="Country" name="country" value={search.country} onInput={(v) => { set('country', v); set('type', 'local'); }}
          options={countryList.map((c) => [str(c, 'country_code'), `${str(c, 'country')} (${str(c, 'country_code')})`] as const)} />
        <Field label="Type" name="searchType" value={search.type} onInput={(v) => set('type', v)} options={types.map(([key]) => [key, words(key)] as const)} />
        {AREA_CODE_COUNTRIES.has(search.country)
          ? <Field label="Area code" name="AreaCode" value={search.areaCode} onInput={(v) => set('areaCode', v)} placeholder="415" />
          : null}
        <Field label="Contains" name="Contains" value={search.contains} onInput={(v) => set('contains', v)} placeholder="555 or STORM"
          hint="Digits or letters as on a keypad; * is any one digit." />
        <fieldset class="choice">
          <legend>Must have</legend>
          <label><input type="checkbox" checked={search.sms} onChange={(e) => set('sms', e.currentTarget.checked)} /> SMS</label>
          <label><input type="checkbox" checked={search.voice} onChange={(e) => set('voice', e.currentTarget.checked)} /> Voice</label>
        </fieldset>
        <div class="actions"><button type="submit" class="primary" disabled={busy !== null || typeUri === null}>Search</button></div>
      </form>
      {bought ? (
        <p class="notice" role="status">
          Bought <a href={href(`/numbers/${bought.sid}`)}>{bought.phoneNumber}</a> ({words(bought.status)}). Add it to a service's pool on
          the <a href={href('/services')}>Services</a> page.
        </p>
      ) : null}
      {busy === 'search' ? <p role="status">Searching…</p> : null}
      {offers !== null ? (
        <DataTable
          caption="Numbers on offer"
          columns={[
            { key: 'phone_number', label: 'Number', render: (o) => <strong>{str(o, 'phone_number')}</strong> },
            { key: 'where', label: 'Where', render: (o) => [optStr(o, 'locality'), optStr(o, 'region'), str(o, 'iso_country')].filter(Boolean).join(', ') },
            { key: 'capabilities', label: 'Capabilities', render: (o) => capabilityText(obj(o, 'capabilities')) },
            { key: 'masq_price', label: 'Monthly', render: (o) => (optStr(o, 'masq_price') === null ? '—' : money(Number(optStr(o, 'masq_price')))) },
            { key: 'masq_carrier', label: 'Carrier', render: (o) => orDash(optStr(o, 'masq_carrier')) },
            {
              key: 'buy', label: 'Buy', render: (o) => (
                <button type="button" onClick={() => { void buy(o); }} disabled={busy !== null} aria-label={`Buy ${str(o, 'phone_number')}`}>
                  {busy === str(o, 'phone_number') ? 'Buying…' : 'Buy'}
                </button>
              ),
            },
          ]}
          rows={offers}
          rowKey={(o) => str(o, 'phone_number')}
          empty={<p>Nothing on offer matches. Try another area code, fewer digits, or another type.</p>}
        />
      ) : null}
    </section>
  );
};
