// What every fake carrier API shares about its HTTP server: reading a request's body, listening on a free
// loopback port, and closing without waiting for the client's keep-alive sockets.
import type { IncomingMessage, Server } from 'node:http';

export const readBody = (req: IncomingMessage): Promise<string> => new Promise((resolve, reject) => {
  let body = '';
  req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
  req.on('end', () => resolve(body));
  req.on('error', reject);
});

/** Starts `server` on a port the OS picks on 127.0.0.1 and answers that port. */
export const listenOnLoopback = (server: Server): Promise<number> => new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  resolve(typeof address === 'object' && address ? address.port : 0);
}));

/** Closes `server`, dropping idle keep-alive connections so the close does not wait for them. */
export const closeServer = (server: Server): Promise<void> => new Promise((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
});
