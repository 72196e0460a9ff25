import type { Http } from '../http.ts';
import type { Message, Quote, SendMessageInput } from '../types.ts';

/** Sending and pricing messages. */
export interface MessagesManager {
  /** Sends a message; resolves with it as accepted (status `queued`), refuses with a ThreadlineError. */
  send(input: SendMessageInput, options?: { signal?: AbortSignal }): Promise<Message>;
  /** What a send would cost and whether it would be accepted now, without sending. */
  quote(input: SendMessageInput, options?: { signal?: AbortSignal }): Promise<Quote>;
}

/** Creates `client.messages`. */
export function createMessagesManager(http: Http): MessagesManager {
  return {
    send: (input, options) => http.request('POST', '/v1/messages', { body: input, ...options }),
    quote: (input, options) => http.request('POST', '/v1/messages/quote', { body: input, ...options }),
  };
}
