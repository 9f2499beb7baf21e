// MediaUrl as Twilio's Messages API takes it: at most 10 per message (21623), each an absolute http(s)
// URL (21620). masq bounds each URL's length too, so a message's media can never carry megabytes of
// "URLs" into memory, the database and callbacks.
import { AppError } from './errors.ts';

export const MAX_MEDIA_URLS = 10;
export const MAX_MEDIA_URL_LENGTH = 2048;

const isHttpUrl = (value: string): boolean => {
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return (protocol === 'http:' || protocol === 'https:') && hostname !== '';
};

/** The media URLs, unchanged when acceptable; otherwise Twilio's error for the first problem found. */
export const checkMediaUrls = (urls: readonly string[]): readonly string[] => {
  if (urls.length > MAX_MEDIA_URLS) {
    throw new AppError('too-many-media', `A message carries at most ${MAX_MEDIA_URLS} MediaUrl; this one has ${urls.length}`);
  }
  urls.forEach((url, i) => {
    if (url.length > MAX_MEDIA_URL_LENGTH) throw new AppError('media-url-invalid', `MediaUrl ${i + 1} is longer than ${MAX_MEDIA_URL_LENGTH} characters`);
    if (!isHttpUrl(url)) throw new AppError('media-url-invalid', `MediaUrl ${i + 1} is not an absolute http or https URL`);
  });
  return urls;
};
