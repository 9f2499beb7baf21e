// Readers for the voice verbs masq carries out. Each reads its attributes (unread ones are reported by
// finish()), its content and its children, and returns the typed verb; problems go to the shared list.
import { opt, resolveHttpUrl, type ElementReader } from './element-reader.ts';
import { readChildren, type ElementReaders } from './places.ts';
import { readRecordingEvents } from './recording-callback.ts';
import { DIAL_RECORD_MODES, type DialTarget, type DialVerb, type GatherPrompt, type GatherVerb, type PauseVerb, type PlayVerb, type RecordingCallbackEvent, type RecordVerb, type RedirectVerb, type SayVerb, type VoiceVerb } from './verbs.ts';

const DTMF_DIGITS = /^[0-9wW*#]+$/;

const requiredText = (r: ElementReader, what: string): string | undefined => {
  if (r.element.text !== '') return r.element.text;
  r.problem('invalid', `<${r.element.name}> needs ${what}.`);
  return undefined;
};

export const readSay = (r: ElementReader): SayVerb => {
  const verb: SayVerb = { verb: 'Say', text: r.element.text, ...opt('voice', r.text('voice')), ...opt('language', r.text('language')), ...opt('loop', r.wholeNumber('loop')) };
  r.finish();
  // SSML (<break>, <prosody>...) would be spoken differently by each engine: refused rather than flattened.
  for (const child of r.children()) child.problem('unsupported', `masq does not support SSML <${child.element.name}> inside <Say>.`);
  if (r.element.children.length === 0) requiredText(r, 'text to say');
  return verb;
};

export const readPlay = (r: ElementReader): PlayVerb => {
  const digits = r.keys('digits', DTMF_DIGITS, 'DTMF digits (0-9, *, #, w)');
  const loop = r.wholeNumber('loop');
  r.finish();
  r.noChildren();
  const text = r.element.text;
  let url: string | undefined;
  if (text !== '') {
    url = resolveHttpUrl(text, r.context.baseUrl);
    if (url === undefined) r.problem('invalid', `<Play> must hold an http(s) URL, not '${text}'.`);
  } else if (digits === undefined && !r.element.attributes.has('digits')) {
    r.problem('invalid', '<Play> needs an audio URL or a digits attribute.');
  }
  return { verb: 'Play', ...opt('url', url), ...opt('loop', loop), ...opt('digits', digits) };
};

export const readPause = (r: ElementReader): PauseVerb => {
  const verb: PauseVerb = { verb: 'Pause', ...opt('length', r.wholeNumber('length')) };
  r.finish();
  r.noChildren();
  r.noText();
  return verb;
};

const GATHER_PROMPTS: ElementReaders<GatherPrompt> = new Map<string, (r: ElementReader) => GatherPrompt>([
  ['Say', readSay],
  ['Play', readPlay],
  ['Pause', readPause],
]);

const readGatherInput = (r: ElementReader): 'dtmf' | undefined => {
  const input = r.text('input');
  if (input === undefined) return undefined;
  if (input.trim() === 'dtmf') return 'dtmf';
  r.problem('unsupported', `masq gathers DTMF only; input '${input}' is not supported.`, `${r.path}/@input`);
  return undefined;
};

export const readGather = (r: ElementReader): GatherVerb => {
  const verb: GatherVerb = {
    verb: 'Gather',
    ...opt('input', readGatherInput(r)),
    ...opt('numDigits', r.wholeNumber('numDigits', { min: 1 })),
    ...opt('timeout', r.wholeNumber('timeout')),
    ...opt('finishOnKey', r.keys('finishOnKey', /^[0-9*#]?$/, 'one key (0-9, *, #) or empty')),
    ...opt('action', r.url('action')),
    ...opt('method', r.method()),
    prompts: readChildren(r, GATHER_PROMPTS, 'inside <Gather>'),
  };
  r.finish();
  r.noText();
  return verb;
};

const readNumber = (r: ElementReader): DialTarget | undefined => {
  const sendDigits = r.keys('sendDigits', DTMF_DIGITS, 'DTMF digits (0-9, *, #, w)');
  r.finish();
  r.noChildren();
  const number = requiredText(r, 'a phone number');
  return number === undefined ? undefined : { kind: 'number', number, ...opt('sendDigits', sendDigits) };
};

const readSip = (r: ElementReader): DialTarget | undefined => {
  r.finish();
  r.noChildren();
  const uri = requiredText(r, 'a SIP URI');
  if (uri === undefined) return undefined;
  if (/^sips?:\S+$/i.test(uri)) return { kind: 'sip', uri };
  r.problem('invalid', `<Sip> must hold a sip: or sips: URI, not '${uri}'.`);
  return undefined;
};

const DIAL_TARGETS: ElementReaders<DialTarget> = new Map([
  ['Number', readNumber],
  ['Sip', readSip],
]);

const readDialTargets = (r: ElementReader): DialTarget[] => {
  const targets = readChildren(r, DIAL_TARGETS, 'inside <Dial>');
  const text = r.element.text;
  if (text !== '' && r.element.children.length > 0) r.problem('invalid', '<Dial> holds either a bare number or child elements, not both.');
  else if (text !== '') targets.push({ kind: 'number', number: text });
  else if (r.element.children.length === 0) r.problem('invalid', '<Dial> needs a number to dial.');
  return targets;
};

export const readDial = (r: ElementReader): DialVerb => {
  const verb: DialVerb = {
    verb: 'Dial',
    ...opt('callerId', r.text('callerId')),
    ...opt('timeout', r.wholeNumber('timeout', { min: 1, max: 600 })),
    ...opt('action', r.url('action')),
    ...opt('method', r.method()),
    ...opt('record', r.oneOf('record', DIAL_RECORD_MODES)),
    targets: readDialTargets(r),
  };
  r.finish();
  return verb;
};

const readRecordingEventsOf = (r: ElementReader): readonly RecordingCallbackEvent[] | undefined => {
  const name = 'recordingStatusCallbackEvent';
  const value = r.text(name);
  if (value === undefined) return undefined;
  const read = readRecordingEvents(value);
  if (read.kind === 'ok') return read.events;
  r.problem(read.kind, read.message, `${r.path}/@${name}`);
  return undefined;
};

export const readRecord = (r: ElementReader): RecordVerb => {
  const verb: RecordVerb = {
    verb: 'Record',
    ...opt('action', r.url('action')),
    ...opt('method', r.method()),
    ...opt('maxLength', r.wholeNumber('maxLength', { min: 1 })),
    ...opt('timeout', r.wholeNumber('timeout')),
    ...opt('finishOnKey', r.keys('finishOnKey', /^[0-9*#]*$/, 'keys from 0-9, *, #')),
    ...opt('playBeep', r.boolean('playBeep')),
    ...opt('transcribe', r.boolean('transcribe')),
    ...opt('recordingStatusCallback', r.url('recordingStatusCallback')),
    ...opt('recordingStatusCallbackMethod', r.method('recordingStatusCallbackMethod')),
    ...opt('recordingStatusCallbackEvent', readRecordingEventsOf(r)),
  };
  r.finish();
  r.noChildren();
  r.noText();
  return verb;
};

const readHangup = (r: ElementReader): VoiceVerb => {
  r.finish();
  r.noChildren();
  r.noText();
  return { verb: 'Hangup' };
};

const readReject = (r: ElementReader): VoiceVerb => {
  const reason = r.oneOf('reason', ['rejected', 'busy']);
  r.finish();
  r.noChildren();
  r.noText();
  return { verb: 'Reject', ...opt('reason', reason) };
};

export const readRedirect = (r: ElementReader): RedirectVerb | undefined => {
  const method = r.method();
  r.finish();
  r.noChildren();
  const text = requiredText(r, 'a URL');
  if (text === undefined) return undefined;
  const url = resolveHttpUrl(text, r.context.baseUrl);
  if (url !== undefined) return { verb: 'Redirect', url, ...opt('method', method) };
  r.problem('invalid', `<Redirect> must hold an http(s) URL, not '${text}'.`);
  return undefined;
};

export const VOICE_VERBS: ElementReaders<VoiceVerb> = new Map<string, (r: ElementReader) => VoiceVerb | undefined>([
  ['Say', readSay],
  ['Play', readPlay],
  ['Pause', readPause],
  ['Gather', readGather],
  ['Dial', readDial],
  ['Record', readRecord],
  ['Hangup', readHangup],
  ['Reject', readReject],
  ['Redirect', readRedirect],
]);
