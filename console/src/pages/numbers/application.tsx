// What answers a number's calls and messages: its own URLs (2010 IncomingPhoneNumbers: VoiceUrl, SmsUrl,
// StatusCallback) or a masq flow. Only a number still held (provisioning, active, porting out) has them.
import { accountPath, useApi } from '../../api.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { optStr, str } from '../../json.ts';
import { orDash } from '../common/format.ts';

const HELD = new Set(['provisioning', 'active', 'porting-out']);

const Url = ({ value, method }: { readonly value: string | null; readonly method: string | null }) =>
  value === null || value === '' ? <span class="muted">none</span> : <><code>{value}</code>{method ? <span class="muted"> ({method})</span> : null}</>;

export const Application = ({ sid, state, flowSid, flowRevision }: {
  readonly sid: string; readonly state: string; readonly flowSid: string | null; readonly flowRevision: string | null;
}) => {
  const held = HELD.has(state);
  const number = useApi(held ? accountPath(`/IncomingPhoneNumbers/${sid}.json`) : null);
  const flow = useApi(flowSid ? `/masq/v1/Flows/${flowSid}` : null);
  if (!held) return <p>A number that is no longer held answers nothing: {state === 'quarantined' ? 'calls hear it is not in service, and messages get the quarantine reply, if one is set.' : 'it has left the account.'}</p>;
  const data = number.data;
  return (
    <>
      <ErrorBanner error={number.error ?? flow.error} />
      <dl class="facts">
        <dt>Flow</dt>
        <dd>{flowSid ? <><code>{flowSid}</code> {str(flow.data, 'friendly_name') ? `(${str(flow.data, 'friendly_name')})` : ''}, {flowRevision ? `pinned to revision ${flowRevision}` : 'latest revision'}</> : <span class="muted">none</span>}</dd>
        <dt>Voice URL</dt>
        <dd><Url value={optStr(data, 'voice_url')} method={optStr(data, 'voice_method')} /></dd>
        <dt>Voice fallback URL</dt>
        <dd><Url value={optStr(data, 'voice_fallback_url')} method={optStr(data, 'voice_fallback_method')} /></dd>
        <dt>SMS URL</dt>
        <dd><Url value={optStr(data, 'sms_url')} method={optStr(data, 'sms_method')} /></dd>
        <dt>Status callback</dt>
        <dd><Url value={optStr(data, 'status_callback')} method={optStr(data, 'status_callback_method')} /></dd>
        <dt>Friendly name</dt>
        <dd>{orDash(optStr(data, 'friendly_name'))}</dd>
      </dl>
      <p class="note">Change these with the API: <code>POST …/IncomingPhoneNumbers/{sid}.json</code> (<code>VoiceUrl</code>, <code>SmsUrl</code>, <code>FlowSid</code>…).</p>
    </>
  );
};
