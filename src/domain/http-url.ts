// An absolute http(s) URL given as a request parameter (a callback, a webhook), or 80701 naming the parameter.
import { invalidParameter } from './errors.ts';

export const checkHttpUrl = (name: string, value: string): string => {
  let url: URL | null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw invalidParameter(name, 'Expected an absolute http(s) URL.');
  return value;
};
