// The owner's own TwiML, answered as is to carriers that read it as Twilio does (Twilio, SignalWire), so
// verbs and attributes masq does not model still work there. The engine put a step reference
// (`masq-step:{token}`) wherever the app named a continuation; here each becomes masq's step URL, escaped
// for where it stands: a quoted attribute value, element text, or a CDATA section (which takes no escapes).
// masq's step URLs take POST only, so the element whose continuation was replaced is asked to POST.
import { STEP_REFERENCE } from '../../domain/programmable/continuation.ts';
import { escapeAttribute, escapeText, TWIML_CONTENT_TYPE, type Twiml } from './xml-markup.ts';

// One lexical unit of a well-formed document: CDATA, a comment, a declaration or processing instruction,
// a tag (whose quoted attribute values may hold '>'), or a run of text.
const TOKENS = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<[?!][\s\S]*?>|<[^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>|[^<]+|</g;
const QUOTED = /"[^"]*"|'[^']*'/g;
const METHOD_ATTRIBUTE = /(\smethod\s*=\s*)("[^"]*"|'[^']*')/;

type StepUrl = (token: string) => string;

const replaceReferences = (text: string, stepUrl: StepUrl, escape: (url: string) => string): { text: string; replaced: boolean } => {
  let replaced = false;
  const out = text.replace(STEP_REFERENCE, (_match, token: string) => {
    replaced = true;
    return escape(stepUrl(token));
  });
  return { text: out, replaced };
};

const inAttribute = (quote: string) => (url: string): string =>
  (quote === "'" ? escapeAttribute(url).replace(/'/g, '&apos;') : escapeAttribute(url));

/** A tag with every reference in its attribute values replaced; `replaced` when there was one. */
const rewriteTag = (tag: string, stepUrl: StepUrl): { text: string; replaced: boolean } => {
  let replaced = false;
  const text = tag.replace(QUOTED, (quoted) => {
    const quote = quoted.charAt(0);
    const inner = replaceReferences(quoted.slice(1, -1), stepUrl, inAttribute(quote));
    replaced ||= inner.replaced;
    return `${quote}${inner.text}${quote}`;
  });
  return { text, replaced };
};

const postMethod = (startTag: string): string => startTag.replace(METHOD_ATTRIBUTE, '$1"POST"');

const kindOf = (token: string): 'cdata' | 'other' | 'start' | 'end' | 'empty' | 'text' => {
  if (token.startsWith('<![CDATA[')) return 'cdata';
  if (token.startsWith('<!') || token.startsWith('<?') || token === '<') return 'other';
  if (token.startsWith('</')) return 'end';
  if (token.startsWith('<')) return token.endsWith('/>') ? 'empty' : 'start';
  return 'text';
};

/** The app's TwiML with masq's step URLs in place of its step references. */
export const renderPassThrough = (xml: string, stepUrl: StepUrl): Twiml => {
  const tokens = xml.match(TOKENS) ?? [];
  // Indices of the start tags of the elements open at this point: text belongs to the innermost.
  const open: number[] = [];
  const enclosingAsksPost = (): void => {
    const at = open.at(-1);
    const tag = at === undefined ? undefined : tokens[at];
    if (at !== undefined && tag !== undefined) tokens[at] = postMethod(tag);
  };
  tokens.forEach((token, index) => {
    switch (kindOf(token)) {
      case 'start':
      case 'empty': {
        const tag = rewriteTag(token, stepUrl);
        tokens[index] = tag.replaced ? postMethod(tag.text) : tag.text;
        if (kindOf(token) === 'start') open.push(index);
        return;
      }
      case 'end':
        open.pop();
        return;
      case 'text':
      case 'cdata': {
        const cdata = kindOf(token) === 'cdata';
        const body = replaceReferences(token, stepUrl, cdata ? (url) => url : escapeText);
        tokens[index] = body.text;
        if (body.replaced) enclosingAsksPost();
        return;
      }
      case 'other':
        return;
    }
  });
  return { contentType: TWIML_CONTENT_TYPE, body: tokens.join('') };
};
