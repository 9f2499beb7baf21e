// Reads a TwiML/TeXML answer the way a carrier executes it: the <Message>s it sends and the <Dial> it
// places, with text and attributes unescaped. A strict reader of the XML subset markup answers use
// (a prolog, elements, double-quoted attributes, text, the five entities and character references):
// anything else throws, so a malformed answer fails the test instead of being half read.

export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly (XmlElement | string)[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const decode = (text: string): string => text.replace(/&([^;]*);/g, (_whole, ref: string) => {
  const named = ENTITIES[ref];
  if (named !== undefined) return named;
  const code = /^#x([0-9a-f]+)$/i.exec(ref)?.[1] ?? /^#([0-9]+)$/.exec(ref)?.[1];
  if (code === undefined) throw new Error(`unknown XML entity &${ref};`);
  return String.fromCodePoint(ref.startsWith('#x') || ref.startsWith('#X') ? parseInt(code, 16) : Number(code));
});

const checkText = (raw: string): string => {
  if (raw.includes('<') || /&(?![^;\s]+;)/.test(raw)) throw new Error(`malformed XML text: ${raw.slice(0, 40)}`);
  return decode(raw);
};

class Reader {
  #at = 0;
  constructor(readonly xml: string) {}

  document(): XmlElement {
    const prolog = /^<\?xml[^?]*\?>/.exec(this.xml);
    if (prolog) this.#at = prolog[0].length;
    const root = this.#element();
    if (this.xml.slice(this.#at).trim() !== '') throw new Error('text after the root element');
    return root;
  }

  #element(): XmlElement {
    const open = /^<([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"<]*")*)\s*(\/?)>/.exec(this.xml.slice(this.#at));
    if (!open) throw new Error(`expected an element at ${this.#at}: ${this.xml.slice(this.#at, this.#at + 40)}`);
    const [whole, name = '', rawAttributes = '', selfClosing] = open;
    this.#at += whole.length;
    const attributes = new Map<string, string>();
    for (const [, key = '', value = ''] of rawAttributes.matchAll(/([A-Za-z][\w.-]*)="([^"]*)"/g)) {
      if (attributes.has(key)) throw new Error(`attribute ${key} repeated on <${name}>`);
      attributes.set(key, checkText(value));
    }
    return { name, attributes, children: selfClosing ? [] : this.#children(name) };
  }

  #children(name: string): (XmlElement | string)[] {
    const children: (XmlElement | string)[] = [];
    for (;;) {
      const next = this.xml.indexOf('<', this.#at);
      if (next === -1) throw new Error(`<${name}> is never closed`);
      if (next > this.#at) children.push(checkText(this.xml.slice(this.#at, next)));
      this.#at = next;
      const close = `</${name}>`;
      if (this.xml.startsWith(close, this.#at)) {
        this.#at += close.length;
        return children;
      }
      children.push(this.#element());
    }
  }
}

/** The answer's root element (<Response>); throws on anything that is not well-formed markup. */
export const readMarkup = (xml: string): XmlElement => new Reader(xml).document();

export const elementsOf = (parent: XmlElement, name: string): XmlElement[] =>
  parent.children.filter((child): child is XmlElement => typeof child !== 'string' && child.name === name);

export const textOf = (element: XmlElement): string => element.children.filter((c): c is string => typeof c === 'string').join('');

/** A <Message> as the carrier sends it: text in the element or in <Body>, media in <Media>. */
export interface MarkupMessage {
  /** Absent on a reply: the carrier answers whoever wrote, from the number they reached. */
  readonly to: string | null;
  readonly from: string | null;
  readonly action: string | null;
  readonly body: string;
  readonly mediaUrls: readonly string[];
}

const messageOf = (m: XmlElement): MarkupMessage => {
  const nested = m.children.some((child) => typeof child !== 'string');
  return {
    to: m.attributes.get('to') ?? null,
    from: m.attributes.get('from') ?? null,
    action: m.attributes.get('action') ?? null,
    body: nested ? elementsOf(m, 'Body').map(textOf).join('') : textOf(m),
    mediaUrls: elementsOf(m, 'Media').map(textOf),
  };
};

export interface MarkupDial {
  readonly callerId: string | null;
  readonly action: string | null;
  readonly numbers: readonly string[];
}

export interface MarkupAnswer {
  readonly messages: readonly MarkupMessage[];
  readonly dials: readonly MarkupDial[];
  /** Every verb's name, in order (Message, Dial, Reject, Say...). */
  readonly verbs: readonly string[];
}

/** What a TwiML/TeXML answer asks the carrier to do. */
export const readAnswer = (xml: string): MarkupAnswer => {
  const root = readMarkup(xml);
  if (root.name !== 'Response') throw new Error(`the answer's root is <${root.name}>, not <Response>`);
  return {
    messages: elementsOf(root, 'Message').map(messageOf),
    dials: elementsOf(root, 'Dial').map((d) => ({
      callerId: d.attributes.get('callerId') ?? null,
      action: d.attributes.get('action') ?? null,
      numbers: elementsOf(d, 'Number').map(textOf),
    })),
    verbs: root.children.flatMap((child) => (typeof child === 'string' ? [] : [child.name])),
  };
};
