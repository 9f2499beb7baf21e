// A2P 10DLC brands (Messaging v1 BrandRegistrations), named by the masq brand profile they were registered with.
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Status } from '../../components/status.tsx';
import { isRecord, list, num, optStr, str } from '../../json.ts';
import { dateTime, orDash } from '../common/format.ts';
import { problemsOf } from './problems.tsx';

export const Brands = () => {
  const brands = useApi('/messaging/v1/a2p/BrandRegistrations', { PageSize: 100 });
  const profiles = useApi('/masq/v1/BrandProfiles', { PageSize: 1000 });
  const names = new Map(list(profiles.data, 'brand_profiles').filter(isRecord).map((p) => [str(p, 'sid'), str(p, 'legal_name') || str(p, 'friendly_name')]));
  return (
    <section aria-labelledby="brands-heading">
      <h2 id="brands-heading">Brands (A2P 10DLC)</h2>
      <ErrorBanner error={brands.error ?? profiles.error} />
      {brands.loading && !brands.data ? <p role="status">Loading brands…</p> : (
        <DataTable
          caption="Brand registrations"
          columns={[
            { key: 'name', label: 'Business', render: (b) => names.get(str(b, 'a2p_profile_bundle_sid')) || <code>{str(b, 'a2p_profile_bundle_sid')}</code> },
            { key: 'brand_type', label: 'Type' },
            { key: 'status', label: 'Status', render: (b) => <Status value={str(b, 'status')} /> },
            { key: 'identity_status', label: 'Identity', render: (b) => orDash(optStr(b, 'identity_status')) },
            { key: 'brand_score', label: 'Score', render: (b) => (Number.isFinite(num(b, 'brand_score')) ? String(num(b, 'brand_score')) : '—') },
            { key: 'tcr_id', label: 'TCR id', render: (b) => orDash(optStr(b, 'tcr_id')) },
            { key: 'problems', label: 'Problems', render: (b) => problemsOf(b, optStr(b, 'failure_reason')) },
            { key: 'decides', label: 'Decided by', render: (b) => (optStr(b, 'masq_decides_at') ? dateTime(optStr(b, 'masq_decides_at')) : '—') },
            { key: 'sid', label: 'SID', render: (b) => <code>{str(b, 'sid')}</code> },
          ]}
          rows={list(brands.data, 'data').filter(isRecord)}
          rowKey={(b) => str(b, 'sid')}
          empty={<p>No brands registered. Register one with <code>POST /messaging/v1/a2p/BrandRegistrations</code> after creating a brand profile (docs/messaging.md).</p>}
        />
      )}
    </section>
  );
};
