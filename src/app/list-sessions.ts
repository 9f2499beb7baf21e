import { canonicalIdentifier } from './bind-participant.ts';
import { parseIdentifier } from '../domain/phone-number.ts';
import type { Service } from '../domain/service.ts';
import type { Session, SessionStatus } from '../domain/session.ts';
import type { Page, PageRequest, SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { sessionAsOf } from './session-view.ts';

/** masq's search over the list (docs/api-extensions.md); Twilio's clients send none of it. */
export interface SessionSearch {
  readonly uniqueName?: string | undefined;
  /** As a participant was added: any spelling of the number (parsed like an Identifier, 80404 when invalid). */
  readonly identifier?: string | undefined;
  readonly status?: SessionStatus | undefined;
}

export const listSessions = async (deps: DepsWith<SessionRepo, 'clock'>, service: Service, page: PageRequest, search: SessionSearch = {}): Promise<Page<Session>> => {
  const now = deps.clock.now();
  const identifier = search.identifier ? canonicalIdentifier(parseIdentifier(search.identifier)) : undefined;
  const found = await deps.store.listSessions(service.sid, page, {
    now,
    ...(search.uniqueName && { uniqueNamePrefix: search.uniqueName }),
    ...(identifier !== undefined && { identifier }),
    ...(search.status && { status: search.status }),
  });
  return { items: found.items.map((s) => sessionAsOf(s, now)), hasMore: found.hasMore };
};
