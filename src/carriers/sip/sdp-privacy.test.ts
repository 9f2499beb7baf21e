// What a masked call's SDP keeps of the party that wrote it: nothing but its media description.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSdpIdentity } from './sdp-privacy.ts';

const WRITTEN = [
  'v=0',
  'o=+15551230001 4711 2 IN IP4 127.0.0.1',
  's=AliceSoftphone 1.2',
  'i=Alice calling',
  'u=http://alice.invalid/',
  'e=alice@alice.invalid',
  'p=+1 555 123 0001',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 41000 RTP/AVP 0 101',
  'i=main audio',
  'a=rtpmap:101 telephone-event/8000',
  '',
];

test('the o= username and s= name become "-", and e=, p=, u= and session i= lines go', () => {
  const masked = maskSdpIdentity(WRITTEN.join('\r\n'));
  assert.deepEqual(masked.split('\r\n'), [
    'v=0',
    'o=- 4711 2 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 41000 RTP/AVP 0 101',
    'i=main audio',
    'a=rtpmap:101 telephone-event/8000',
    '',
  ]);
});

test('an SDP written with bare LF keeps its line endings', () => {
  const masked = maskSdpIdentity(WRITTEN.join('\n'));
  assert.ok(!masked.includes('\r'));
  assert.match(masked, /^o=- 4711 2 IN IP4 127\.0\.0\.1$/m);
  assert.ok(!masked.includes('15551230001'));
});

test('an SDP with nothing to hide is unchanged but for the o= username and s=', () => {
  const plain = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 41000 RTP/AVP 0\r\n';
  assert.equal(maskSdpIdentity(plain), plain);
});
