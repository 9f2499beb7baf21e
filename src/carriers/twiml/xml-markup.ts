// Our own tiny XML builder for TwiML / TeXML / cXML (the SDK pulls in xmlbuilder and 29 MB): escaping is
// byte-for-byte what twilio.twiml produces, which the tests check, so no text can ever turn into a verb.

export interface Twiml {
  readonly contentType: string;
  readonly body: string;
}

export const TWIML_CONTENT_TYPE = 'text/xml';

// Characters XML 1.0 cannot carry at all, not even escaped (C0 controls but tab/LF/CR, U+FFFE/U+FFFF,
// lone surrogates). twilio.twiml throws on them; a carrier-supplied body must not break our answer,
// so they are dropped.
// With the `u` flag a well-formed surrogate pair is one code point outside the class; a lone half is not.
const ILLEGAL_XML = /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/gu;

const legal = (value: string): string => value.replace(ILLEGAL_XML, '');

/** Text content: the same escapes as xmlbuilder's textEscape. */
export const escapeText = (value: string): string =>
  legal(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');

/** Attribute values (always double-quoted): the same escapes as xmlbuilder's attEscape. */
export const escapeAttribute = (value: string): string =>
  legal(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');

export type Attributes = ReadonlyArray<readonly [string, string]>;

/** An element's content: nested elements (already rendered) or one text, escaped here. */
export type Content = { readonly text: string } | { readonly elements: readonly string[] };

export const element = (name: string, attributes: Attributes, content: Content = { elements: [] }): string => {
  const attrs = attributes.map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`).join('');
  const inner = 'text' in content ? escapeText(content.text) : content.elements.join('');
  return inner === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${inner}</${name}>`;
};

/** A whole answer: the XML declaration and one <Response> holding `verbs` (rendered elements). */
export const responseDocument = (verbs: readonly string[]): Twiml => ({
  contentType: TWIML_CONTENT_TYPE,
  body: `<?xml version="1.0" encoding="UTF-8"?>${element('Response', [], { elements: verbs })}`,
});
