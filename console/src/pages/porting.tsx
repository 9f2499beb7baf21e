// Porting: numbers coming in from other carriers (port-in requests, with their status timeline) and
// numbers other carriers asked for (port-outs, answered here).
import { Page } from '../components/page.tsx';
import './common/pages.css';
import { PortIns } from './porting/port-ins.tsx';
import { PortOuts } from './porting/port-outs.tsx';

export const PortingPage = () => (
  <Page title="Porting">
    <p class="lead">Numbers moving between carriers. Times are UTC.</p>
    <div class="f-page">
      <PortIns />
      <PortOuts />
    </div>
  </Page>
);
