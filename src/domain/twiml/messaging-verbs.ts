// Readers for a messaging <Response>: <Message> (text, or <Body> and <Media> children) and <Redirect>.
import { opt, resolveHttpUrl, type ElementReader } from './element-reader.ts';
import type { ElementReaders } from './places.ts';
import { readRedirect } from './voice-verbs.ts';
import type { MessageVerb, MessagingVerb } from './verbs.ts';

/** Twilio's limit on media per message. */
export const MAX_MEDIA_PER_MESSAGE = 10;

interface MessageContent {
  bodies: string[];
  media: string[];
}

const readContent = (r: ElementReader): MessageContent => {
  const content: MessageContent = { bodies: [], media: [] };
  for (const child of r.children()) {
    child.finish();
    child.noChildren();
    const { name, text } = child.element;
    if (name === 'Body') {
      content.bodies.push(text);
    } else if (name === 'Media') {
      const url = resolveHttpUrl(text, r.context.baseUrl);
      if (url === undefined) child.problem('invalid', `<Media> must hold an http(s) URL, not '${text}'.`);
      else content.media.push(url);
    } else {
      child.problem('not-allowed', `<${name}> is not allowed inside <Message>; use <Body> and <Media>.`);
    }
  }
  return content;
};

const readBody = (r: ElementReader, content: MessageContent): string => {
  const text = r.element.text;
  if (text !== '' && r.element.children.length > 0) r.problem('invalid', '<Message> holds either text or <Body>/<Media> children, not both.');
  if (content.bodies.length > 1) r.problem('invalid', '<Message> takes at most one <Body>.');
  if (content.media.length > MAX_MEDIA_PER_MESSAGE) r.problem('invalid', `<Message> takes at most ${MAX_MEDIA_PER_MESSAGE} <Media>.`);
  const body = content.bodies[0] ?? text;
  if (body === '' && content.media.length === 0 && r.element.children.length === 0) r.problem('invalid', '<Message> needs a body or media.');
  return body;
};

export const readMessage = (r: ElementReader): MessageVerb => {
  const attributes = { ...opt('to', r.text('to')), ...opt('from', r.text('from')), ...opt('action', r.url('action')), ...opt('method', r.method()) };
  r.finish();
  const content = readContent(r);
  return { verb: 'Message', ...attributes, body: readBody(r, content), media: content.media };
};

export const MESSAGING_VERBS: ElementReaders<MessagingVerb> = new Map<string, (r: ElementReader) => MessagingVerb | undefined>([
  ['Message', readMessage],
  ['Redirect', readRedirect],
]);
