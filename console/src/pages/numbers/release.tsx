// Releasing a number: out of its pools and into quarantine at once (DELETE IncomingPhoneNumbers). Asked
// twice, in the page rather than in a browser dialog; a number that open sessions still use (80611) can
// be released anyway by closing them, which the user is offered as a second, explicit choice.
import { useState } from 'preact/hooks';
import { accountPath, apiDelete, asApiError, type ApiError } from '../../api.ts';
import { ErrorBanner } from '../../components/error-banner.tsx';

const SESSIONS_STILL_OPEN = 80611;

export const ReleaseNumber = ({ sid, phoneNumber, onReleased }: { readonly sid: string; readonly phoneNumber: string; readonly onReleased: () => void }) => {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const release = async (closeSessions: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await apiDelete(`${accountPath(`/IncomingPhoneNumbers/${sid}.json`)}${closeSessions ? '?MasqCloseSessions=true' : ''}`);
      setAsking(false);
      onReleased();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  if (!asking) return <button type="button" class="danger" onClick={() => setAsking(true)}>Release this number</button>;
  const sessionsOpen = error?.code === SESSIONS_STILL_OPEN;
  return (
    <div class="confirm" role="group" aria-labelledby="release-question">
      <p id="release-question"><strong>Release {phoneNumber}?</strong> It leaves its pools and goes into quarantine at once: nothing sent to it is forwarded any more.</p>
      <ErrorBanner error={error} />
      <div class="toolbar">
        {sessionsOpen
          ? <button type="button" class="danger" disabled={busy} onClick={() => { void release(true); }}>Close its sessions and release</button>
          : <button type="button" class="danger" disabled={busy} onClick={() => { void release(false); }}>Yes, release {phoneNumber}</button>}
        <button type="button" disabled={busy} onClick={() => { setAsking(false); setError(null); }}>Keep it</button>
      </div>
    </div>
  );
};
