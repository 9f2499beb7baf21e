// What an SDP body says about the party that wrote it besides its media addresses: the o= line's username (some
// phones put their account or number there), the s= session name (often the phone's software), and the optional
// e= (email), p= (phone number), u= (URI) and i= (session information) lines. A masked call shows neither party any
// of it: the username and session name become "-", the optional lines go. Media addresses are the relay's job
// (rtpengine rewrites c=, m= and the o= address); this only removes what a relay leaves as it found it.

const OPTIONAL_IDENTITY_LINE = /^[epui]=/;
const ORIGIN_LINE = /^o=\S+ /;

/** The SDP without the writer's identity; line endings (CRLF or LF) are kept as they were. */
export const maskSdpIdentity = (sdp: string): string => {
  const lineEnding = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(lineEnding);
  let inMediaSection = false;
  const kept: string[] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) inMediaSection = true;
    // i= under an m= line titles that stream, and says nothing about the party: kept.
    if (OPTIONAL_IDENTITY_LINE.test(line) && !(inMediaSection && line.startsWith('i='))) continue;
    if (ORIGIN_LINE.test(line)) kept.push(line.replace(ORIGIN_LINE, 'o=- '));
    else if (line.startsWith('s=')) kept.push('s=-');
    else kept.push(line);
  }
  return kept.join(lineEnding);
};
