// The route table: every page of the console, in the order the navigation lists them.
import type { AnyComponent } from 'preact';
import { NumberPage, NumbersPage } from './pages/numbers.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { PhonesPage } from './pages/phones.tsx';
import { PortingPage } from './pages/porting.tsx';
import { RegistrationsPage } from './pages/registrations.tsx';
import { ServicePage, ServicesPage } from './pages/services.tsx';
import { SessionPage, SessionsPage } from './pages/sessions.tsx';
import { UsagePage } from './pages/usage.tsx';

export interface RouteEntry {
  /** The path under /console (paths.ts adds the base). */
  readonly path: string;
  readonly component: AnyComponent;
  /** Its label in the navigation; absent for detail pages reached from a list. */
  readonly nav?: string;
}

export const ROUTES: readonly RouteEntry[] = [
  { path: '/', component: OverviewPage, nav: 'Overview' },
  { path: '/services', component: ServicesPage, nav: 'Services' },
  { path: '/services/:sid', component: ServicePage },
  { path: '/sessions', component: SessionsPage, nav: 'Sessions' },
  { path: '/services/:sid/sessions/:session', component: SessionPage },
  { path: '/phones', component: PhonesPage, nav: 'Sandbox phones' },
  { path: '/numbers', component: NumbersPage, nav: 'Numbers' },
  { path: '/numbers/:ref', component: NumberPage },
  { path: '/porting', component: PortingPage, nav: 'Porting' },
  { path: '/registrations', component: RegistrationsPage, nav: 'Registrations' },
  { path: '/usage', component: UsagePage, nav: 'Usage' },
];
