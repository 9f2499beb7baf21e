// A URL masq gave a carrier (a status callback, a <Dial action>) as the path the carrier then calls.
import type { MasqEndpoint } from './driver.ts';

/** The path and query of `url`; throws when masq handed out a URL outside its own public URL. */
export const pathUnder = (masq: MasqEndpoint, url: string): string => {
  if (!url.startsWith(`${masq.publicUrl}/`)) throw new Error(`masq gave the carrier ${url}, which is not under its public URL ${masq.publicUrl}`);
  return url.slice(masq.publicUrl.length);
};
