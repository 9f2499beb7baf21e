// 10DLC campaigns: one per Messaging Service (Compliance/Usa2p), so the services are read first and then
// each one's campaign list.
import { useEffect, useState } from 'preact/hooks';
import { apiGet, asApiError, type ApiError, useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Status } from '../../components/status.tsx';
import { isRecord, list, obj, optStr, str } from '../../json.ts';
import { useAccount } from '../../session.ts';
import { dateTime, orDash } from '../common/format.ts';
import { problemsOf } from './problems.tsx';

interface CampaignRow { readonly service: string; readonly campaign: Record<string, unknown> }

const useCampaigns = (services: readonly Record<string, unknown>[]): { rows: readonly CampaignRow[]; error: ApiError | null; ready: boolean } => {
  const { accountSid } = useAccount();
  const [rows, setRows] = useState<readonly CampaignRow[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [ready, setReady] = useState(false);
  const key = services.map((s) => str(s, 'sid')).join(',');
  useEffect(() => {
    let live = true;
    Promise.all(services.map(async (s) => {
      const body = await apiGet(`/messaging/v1/Services/${str(s, 'sid')}/Compliance/Usa2p`);
      return list(body, 'compliance').filter(isRecord).map((campaign) => ({ service: str(s, 'friendly_name') || str(s, 'sid'), campaign }));
    })).then((read) => { if (live) { setRows(read.flat()); setReady(true); } }, (failure: unknown) => { if (live) setError(asApiError(failure)); });
    return () => { live = false; };
  }, [key, accountSid]);
  return { rows, error, ready };
};

const rateLimits = (c: unknown): string => {
  const limits = obj(c, 'rate_limits');
  const att = obj(limits, 'att');
  const tmobile = obj(limits, 'tmobile');
  return str(att, 'msg_class') ? `AT&T class ${str(att, 'msg_class')} (${str(att, 'mps')} msg/s), T-Mobile ${str(tmobile, 'brand_tier')}` : '—';
};

export const Campaigns = () => {
  const services = useApi('/messaging/v1/Services', { PageSize: 100 });
  const serviceRows = list(services.data, 'services').filter(isRecord);
  const { rows, error, ready } = useCampaigns(serviceRows);
  return (
    <section aria-labelledby="campaigns-heading">
      <h2 id="campaigns-heading">Campaigns (A2P 10DLC)</h2>
      <ErrorBanner error={services.error ?? error} />
      {!ready && !error ? <p role="status">Loading campaigns…</p> : (
        <DataTable<CampaignRow>
          caption="Campaigns, per Messaging Service"
          columns={[
            { key: 'service', label: 'Messaging Service', render: (r) => r.service },
            { key: 'usecase', label: 'Use case', render: (r) => orDash(optStr(r.campaign, 'us_app_to_person_usecase')) },
            { key: 'status', label: 'Status', render: (r) => <Status value={str(r.campaign, 'campaign_status')} /> },
            { key: 'campaign_id', label: 'Registry id', render: (r) => orDash(optStr(r.campaign, 'campaign_id')) },
            { key: 'limits', label: 'Throughput', render: (r) => rateLimits(r.campaign) },
            { key: 'problems', label: 'Problems', render: (r) => problemsOf(r.campaign, null) },
            { key: 'decides', label: 'Decided by', render: (r) => (optStr(r.campaign, 'masq_decides_at') ? dateTime(optStr(r.campaign, 'masq_decides_at')) : '—') },
          ]}
          rows={rows}
          rowKey={(r) => str(r.campaign, 'sid')}
          empty={<p>{serviceRows.length === 0 ? 'No Messaging Services, so no campaigns.' : 'No campaigns registered.'} A campaign registers what a Messaging Service sends from US local numbers (docs/messaging.md).</p>}
        />
      )}
    </section>
  );
};
