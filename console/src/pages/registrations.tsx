// US messaging registrations: 10DLC brands and campaigns, toll-free verifications, with their statuses.
import { Page } from '../components/page.tsx';
import './common/pages.css';
import { Brands } from './registrations/brands.tsx';
import { Campaigns } from './registrations/campaigns.tsx';
import { TollFree } from './registrations/tollfree.tsx';

export const RegistrationsPage = () => (
  <Page title="Registrations">
    <p class="lead">What US carriers need before your numbers may text: a brand and a campaign for local numbers, a verification for toll-free ones.</p>
    <div class="f-page">
      <Brands />
      <Campaigns />
      <TollFree />
    </div>
  </Page>
);
