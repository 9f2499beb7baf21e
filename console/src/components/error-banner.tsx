import type { ApiError } from '../http.ts';

/** An API error as the user needs it: what went wrong, Twilio's code, and where it is documented. */
export const ErrorBanner = ({ error }: { readonly error: ApiError | null }) => {
  if (!error) return null;
  return (
    <div class="error-banner" role="alert">
      <strong>{error.code !== null ? `Error ${error.code}: ` : 'Error: '}</strong>
      <span>{error.message}</span>
      {error.moreInfo ? <> (<a href={error.moreInfo} target="_blank" rel="noreferrer">about this error</a>)</> : null}
    </div>
  );
};
