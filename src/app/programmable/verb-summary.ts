// One line per verb for the call log: what the caller is about to hear or where the call goes, in words a
// person reads ("Say: Welcome", "Dial +14155550101, sip:desk@pbx.invalid (timeout 20 s)").
import { FLOW_SCHEME } from '../../domain/programmable/continuation.ts';
import type { DialTarget, GatherPrompt, VoiceVerb } from '../../domain/twiml/verbs.ts';

const targetOf = (t: DialTarget): string => (t.kind === 'number' ? t.number : t.uri);

const promptOf = (p: GatherPrompt): string => {
  if (p.verb === 'Say') return `"${p.text}"`;
  if (p.verb === 'Play') return p.url ? `audio ${p.url}` : `digits ${p.digits ?? ''}`;
  return `a pause of ${p.length ?? 1} s`;
};

export const describeVerb = (verb: VoiceVerb): string => {
  switch (verb.verb) {
    case 'Say':
      return `Say: ${verb.text}`;
    case 'Play':
      return verb.url ? `Play ${verb.url}` : `Play digits ${verb.digits ?? ''}`;
    case 'Pause':
      return `Pause ${verb.length ?? 1} s`;
    case 'Gather': {
      const prompts = verb.prompts.map(promptOf).join(', ');
      return `Gather digits${verb.numDigits ? ` (${verb.numDigits})` : ''}${prompts ? ` after ${prompts}` : ''}`;
    }
    case 'Dial':
      return `Dial ${verb.targets.map(targetOf).join(', ')}${verb.timeout ? ` (timeout ${verb.timeout} s)` : ''}${verb.callerId ? ` showing ${verb.callerId}` : ''}`;
    case 'Record':
      return `Record${verb.maxLength ? ` up to ${verb.maxLength} s` : ''}${verb.recordingStatusCallback ? `, the recording reported to ${verb.recordingStatusCallback}` : ''}`;
    case 'Hangup':
      return 'Hang up';
    case 'Reject':
      return `Reject (${verb.reason ?? 'rejected'})`;
    case 'Redirect':
      return verb.url.startsWith(FLOW_SCHEME) ? 'Continue in the flow' : `Redirect to ${verb.url}`;
  }
};
