// Usage and cost: a period picker, charts by day and category (each with its table), cost per number or
// service, and CSV exports.
import { Page } from '../components/page.tsx';
import './common/pages.css';
import { UsageCharts } from './usage/charts.tsx';
import { Costs } from './usage/costs.tsx';
import { PeriodPicker, periodProblem, usePeriod } from './usage/period.tsx';

export const UsagePage = () => {
  const { period, choose } = usePeriod();
  const problem = periodProblem(period);
  return (
    <Page title="Usage and cost">
      <p class="lead">What the account used and what it cost, {period.from} to {period.to} (UTC days, both included){period.subaccounts ? ', subaccounts included' : ''}.</p>
      <PeriodPicker period={period} choose={choose} />
      {problem ? <p class="error-banner" role="alert">{problem}</p> : (
        <div class="f-page">
          <UsageCharts period={period} />
          <Costs period={period} />
        </div>
      )}
    </Page>
  );
};
