// Numbers: the inventory with its filters, search and purchase across the carrier accounts, and (on
// /numbers/:ref) one number's lifecycle, quarantine, application and release.
import { useState } from 'preact/hooks';
import { Page } from '../components/page.tsx';
import './common/pages.css';
import { BuyNumber } from './numbers/buy.tsx';
import { Inventory } from './numbers/inventory.tsx';

export { NumberPage } from './numbers/detail.tsx';

export const NumbersPage = () => {
  // Bumped after a purchase, so the inventory reads the new number.
  const [version, setVersion] = useState(0);
  return (
    <Page title="Numbers">
      <p class="lead">Every number the account holds or held, in every state. Open one for its lifecycle, quarantine and release.</p>
      <div class="f-page">
        <Inventory version={version} />
        <BuyNumber onBought={() => setVersion((v) => v + 1)} />
      </div>
    </Page>
  );
};
