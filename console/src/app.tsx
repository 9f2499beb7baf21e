// The shell: a skip link, a header with the account switcher, the navigation, and <main> with the
// routed page. Signed out, the only page is the sign-in form.
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { AccountSwitcher } from './components/account-switcher.tsx';
import { Page } from './components/page.tsx';
import { href } from './paths.ts';
import { ROUTES } from './routes.tsx';
import { SignInPage } from './pages/sign-in.tsx';
import { useAccount } from './session.ts';

const NotFound = () => (
  <Page title="Page not found">
    <p>There is no console page at this address. <a href={href('/')}>Go to the overview</a>.</p>
  </Page>
);

/** Is `path` (under /console) the current page or a page under it? Marks the current nav link. */
const isCurrent = (current: string, path: string): boolean =>
  path === '/' ? current === href('/') || current === '/console' : current === href(path) || current.startsWith(`${href(path)}/`);

const Navigation = () => {
  const { path } = useLocation();
  return (
    <nav id="nav" aria-label="Console">
      <ul>
        {ROUTES.filter((r) => r.nav).map((r) => (
          <li key={r.path}>
            <a href={href(r.path)} aria-current={isCurrent(path, r.path) ? 'page' : undefined}>{r.nav}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
};

/** After a client-side navigation, focus moves to the new page's heading, as a page load would read it. */
const focusHeading = (): void => {
  requestAnimationFrame(() => document.getElementById('page-title')?.focus());
};

const SignedIn = () => (
  <>
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="top">
      <a class="brand" href={href('/')}>masq <span>console</span></a>
      <AccountSwitcher />
    </header>
    <div class="layout">
      <Navigation />
      <main id="main" tabIndex={-1}>
        <Router onRouteChange={focusHeading}>
          {[...ROUTES.map((r) => <Route key={r.path} path={href(r.path)} component={r.component} />), <Route key="404" default component={NotFound} />]}
        </Router>
      </main>
    </div>
  </>
);

export const App = () => {
  const { signedIn } = useAccount();
  return (
    <LocationProvider scope={/^\/console/}>
      {signedIn ? <SignedIn /> : (
        <>
          <a class="skip-link" href="#main">Skip to content</a>
          <main id="main" tabIndex={-1} class="signed-out"><SignInPage /></main>
        </>
      )}
    </LocationProvider>
  );
};
