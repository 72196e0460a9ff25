// A local HTTP server for the test fakes (Twilio's REST and trust APIs) on a free port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running local server: its base URL and how to stop it. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>`, to set as TWILIO_API_BASE_URL. */
  url: string;
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

/**
 * Serves `handle` on 127.0.0.1 at a free port. A handler that throws answers 500 in Twilio's error
 * shape (the SDK then raises it), rather than leaving the request hanging or the process crashing.
 */
export async function serveLocally(handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>): Promise<LocalServer> {
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 20500, message: String(error), status: 500 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closed: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })),
  };
}
