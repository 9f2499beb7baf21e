// Reads an HTTP response body, keeping at most `maxBytes` of it: the outbound adapters (carrier REST
// calls, customer callbacks) talk to servers masq does not control, so an answer's size is bounded.
import type { IncomingMessage } from 'node:http';

export const readBoundedBody = (res: IncomingMessage, maxBytes: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
      size += chunk.length;
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
