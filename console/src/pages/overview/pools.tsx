// Pool utilisation per Proxy service: how many of a pool's numbers carry at least one active session,
// and how many sessions the pool carries. One request per service (its pool's first 1,000 numbers).
import { useEffect, useState } from 'preact/hooks';
import { apiGet, asApiError, type ApiError, useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { isRecord, list, num, str } from '../../json.ts';
import { href } from '../../paths.ts';
import { useAccount } from '../../session.ts';

export interface PoolUse {
  readonly sid: string;
  readonly name: string;
  readonly size: number;
  readonly inUse: number;
  readonly reserved: number;
  readonly sessions: number;
  /** The pool has more numbers than the page read. */
  readonly partial: boolean;
}

const POOL_PAGE = 1000;

/** Reads a pool's numbers and counts what is in use. */
export const poolUse = (service: unknown, pool: unknown): PoolUse => {
  const numbers = list(pool, 'phone_numbers').filter(isRecord);
  const load = (n: unknown) => (Number.isFinite(num(n, 'in_use')) ? num(n, 'in_use') : 0);
  return {
    sid: str(service, 'sid'),
    name: str(service, 'unique_name') || str(service, 'sid'),
    size: numbers.length,
    inUse: numbers.filter((n) => load(n) > 0).length,
    reserved: numbers.filter((n) => n['is_reserved'] === true).length,
    sessions: numbers.reduce((total, n) => total + load(n), 0),
    partial: numbers.length >= POOL_PAGE,
  };
};

const Meter = ({ use }: { readonly use: PoolUse }) => {
  const share = use.size === 0 ? 0 : Math.round((use.inUse / use.size) * 100);
  return (
    <div class="meter">
      <span>{use.inUse} of {use.size}{use.partial ? '+' : ''} ({share}%)</span>
      <span class="meter-bar" aria-hidden="true"><span class="meter-fill" style={{ width: `${share}%`, display: 'block' }} /></span>
    </div>
  );
};

const usePools = (services: readonly unknown[]): { pools: readonly PoolUse[]; error: ApiError | null } => {
  const { accountSid } = useAccount();
  const [pools, setPools] = useState<readonly PoolUse[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const key = services.map((s) => str(s, 'sid')).join(',');
  useEffect(() => {
    let live = true;
    Promise.all(services.map(async (s) => poolUse(s, await apiGet(`/v1/Services/${str(s, 'sid')}/PhoneNumbers`, { PageSize: POOL_PAGE }))))
      .then((read) => { if (live) setPools(read); }, (failure: unknown) => { if (live) setError(asApiError(failure)); });
    return () => { live = false; };
  }, [key, accountSid]);
  return { pools, error };
};

export const Pools = () => {
  const services = useApi('/v1/Services', { PageSize: 50 });
  const rows = list(services.data, 'services').filter(isRecord);
  const { pools, error } = usePools(rows);
  return (
    <section class="card" aria-labelledby="pools-heading">
      <h2 id="pools-heading">Pool utilisation</h2>
      <ErrorBanner error={services.error ?? error} />
      {services.loading && !services.data ? <p role="status">Loading services…</p> : (
        <DataTable<PoolUse>
          caption="Numbers with at least one active session, per service"
          columns={[
            { key: 'name', label: 'Service', render: (p) => <a href={href(`/services/${p.sid}`)}>{p.name}</a> },
            { key: 'inUse', label: 'Numbers in use', render: (p) => <Meter use={p} /> },
            { key: 'sessions', label: 'Active session bindings', render: (p) => String(p.sessions) },
            { key: 'reserved', label: 'Reserved', render: (p) => String(p.reserved) },
          ]}
          rows={pools}
          rowKey={(p) => p.sid}
          empty={<p>No services yet. <a href={href('/services')}>Create a service</a> and add numbers to its pool.</p>}
        />
      )}
      <p class="note">
        No exhaustion forecast: masq keeps no history of pool use to forecast from, only the current load of each number.
        A pool runs out for one person when every number in it is already theirs in another active session (error 80207 when a session is created).
      </p>
    </section>
  );
};
