// The console lives under /console (served by `masq serve`); preact-iso's router sees full paths, so
// every route and link is built here from the page's own path.
export const BASE = '/console';

/** `/services/KS..` → `/console/services/KS..`. */
export const href = (path: string): string => (path === '/' ? `${BASE}/` : `${BASE}${path}`);
