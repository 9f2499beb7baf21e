// The allocator's explanation (/masq/v1/Services/{KS}/Explain): which number this identifier would get in
// this session right now, and why every other number of the pool would not be chosen.
import { useApi } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { Status } from '../components/status.tsx';
import { isRecord, list, num, obj, optStr, str } from '../json.ts';

type Row = Record<string, unknown>;

export const Explanation = ({ serviceSid, sessionSid, identifier, onClose }: {
  readonly serviceSid: string; readonly sessionSid: string; readonly identifier: string; readonly onClose: () => void;
}) => {
  const { data, error, loading } = useApi(`/masq/v1/Services/${serviceSid}/Explain`, { Identifier: identifier, SessionSid: sessionSid });
  const decision = obj(data, 'decision');
  const candidates = list(data, 'candidates').filter(isRecord);
  const chosen = str(decision, 'kind') === 'chosen';
  return (
    <section class="card" aria-labelledby="explain-title" aria-live="polite">
      <div class="page-head">
        <h3 id="explain-title">Why this number? — {identifier}</h3>
        <button type="button" onClick={onClose}>Close explanation</button>
      </div>
      <ErrorBanner error={error} />
      {loading && !data ? <p role="status">Asking the allocator…</p> : null}
      {isRecord(data) ? (
        <>
          <p class="hint">What the allocator decides for this number in this session now, with every pool number it considered.
            A participant already in the session keeps the number it was given.</p>
          <p>
            <strong>{chosen ? `Would get ${str(decision, 'phone_number')}` : `Refused${optStr(decision, 'code') ? ` (error ${str(decision, 'code')})` : ''}`}</strong>
            {' — '}{str(decision, 'explanation')}
          </p>
          <DataTable<Row>
            caption="Each pool number and the allocator's verdict"
            rows={candidates}
            rowKey={(c) => str(c, 'sid')}
            empty={<p>The pool has no numbers.</p>}
            columns={[
              { key: 'phone_number', label: 'Number' },
              { key: 'verdict', label: 'Verdict', render: (c) => <Status value={str(c, 'verdict')} /> },
              { key: 'rank', label: 'Rank', render: (c) => (Number.isFinite(num(c, 'rank')) ? String(num(c, 'rank')) : '—') },
              { key: 'reason', label: 'Reason' },
              { key: 'explanation', label: 'Explanation' },
            ]}
          />
        </>
      ) : null}
    </section>
  );
};
