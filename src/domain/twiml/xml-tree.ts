// Raw TwiML text -> a small typed element tree, through fast-xml-parser (preserveOrder keeps verb order).
// Refuses what a customer app must never make us do: huge documents, DOCTYPE / entity declarations (XXE and
// entity-expansion bombs), malformed XML. Everything TwiML-specific happens in read-twiml.ts.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { TwimlProblem } from './verbs.ts';

/** Twilio's own limit on a TwiML document. */
export const MAX_TWIML_BYTES = 64 * 1024;

export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** Child elements in document order. */
  readonly children: readonly XmlElement[];
  /** The element's own text (CDATA included), trimmed; text runs between child elements are joined. */
  readonly text: string;
}

export type XmlTreeResult = { readonly kind: 'ok'; readonly root: XmlElement } | { readonly kind: 'invalid'; readonly problems: readonly TwimlProblem[] };

const DOCUMENT = 'document';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  // Trimmed once per element after joining its text runs, so the space between text and CDATA survives.
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Decodes numeric character references (`&#38;`) as well as the XML ones; never external entities.
  htmlEntities: true,
});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const readAttributes = (node: Record<string, unknown>): Map<string, string> => {
  const attributes = new Map<string, string>();
  const raw = node[':@'];
  if (!isRecord(raw)) return attributes;
  for (const [name, value] of Object.entries(raw)) attributes.set(name, typeof value === 'string' ? value : String(value));
  return attributes;
};

const textOf = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

// preserveOrder yields, per node, `{ Name: [children...], ':@': {attributes} }` or `{ '#text': '...' }`.
const toElements = (nodes: unknown): { elements: XmlElement[]; text: string } => {
  const elements: XmlElement[] = [];
  const texts: string[] = [];
  if (!Array.isArray(nodes)) return { elements, text: '' };
  for (const node of nodes) {
    if (!isRecord(node)) continue;
    if ('#text' in node) {
      texts.push(textOf(node['#text']));
      continue;
    }
    const name = Object.keys(node).find((key) => key !== ':@');
    if (name === undefined) continue;
    const inner = toElements(node[name]);
    elements.push({ name, attributes: readAttributes(node), children: inner.elements, text: inner.text });
  }
  return { elements, text: texts.join('').trim() };
};

const invalid = (kind: TwimlProblem['kind'], message: string): XmlTreeResult => ({ kind: 'invalid', problems: [{ path: DOCUMENT, kind, message }] });

export const parseXmlTree = (xml: string): XmlTreeResult => {
  const bytes = new TextEncoder().encode(xml).length;
  if (bytes > MAX_TWIML_BYTES) return invalid('malformed', `The document is ${bytes} bytes; TwiML is limited to ${MAX_TWIML_BYTES}.`);
  // fast-xml-parser never fetches external entities, but a DOCTYPE can still declare internal ones (expansion
  // bombs) and TwiML never needs one: refuse it outright rather than rely on the parser's limits.
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) return invalid('refused', 'DOCTYPE and entity declarations are not allowed in TwiML.');
  if (xml.trim() === '') return invalid('malformed', 'The document is empty.');
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    return invalid('malformed', `Not well-formed XML: ${msg} (line ${line}, column ${col}).`);
  }
  const { elements, text } = toElements(parser.parse(xml));
  const root = elements[0];
  if (root === undefined) return invalid('malformed', 'The document has no root element.');
  if (elements.length > 1 || text !== '') return invalid('malformed', 'The document must have exactly one root element.');
  return { kind: 'ok', root };
};
