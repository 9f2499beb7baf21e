// The overview: the last day's traffic, pools, failing callbacks, masq's health and quarantined numbers,
// each read from the public API on its own (one slow or failing part never blanks the others).
import { Page } from '../components/page.tsx';
import { useAccount } from '../session.ts';
import './common/pages.css';
import { Callbacks } from './overview/callbacks.tsx';
import { Health } from './overview/health.tsx';
import { Pools } from './overview/pools.tsx';
import { Quarantine } from './overview/quarantine.tsx';
import { Traffic } from './overview/traffic.tsx';

export const OverviewPage = () => {
  const { accountSid } = useAccount();
  return (
    <Page title="Overview">
      <p class="lead">Account <code>{accountSid}</code> at a glance. Times are UTC.</p>
      <div class="f-page">
        <div class="figure-row">
          <Traffic />
          <Quarantine />
        </div>
        <Pools />
        <Callbacks />
        <Health />
      </div>
    </Page>
  );
};
