import type { MessageStatus } from '@threadline/sdk';

/** An outbound SMS/MMS as the carrier needs it. */
export interface OutboundMessage {
  messageId: string;
  from: string;
  to: string;
  body: string;
  /** Public, unguessable URLs the carrier fetches MMS media from. */
  mediaUrls: string[];
  /** Where the carrier reports status changes. */
  statusCallbackUrl: string;
}

export interface CarrierSendResult {
  sid: string;
  status: MessageStatus;
}

/** A carrier refusal, with the carrier's error code (e.g. 30007) and its meaning in words. */
export class CarrierError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** True for network trouble and 5xx: the send is retried later; false marks the message failed. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'CarrierError';
  }
}

/** The one interface both carriers implement: `twilio` (official SDK) and `simulator` (in-process). */
export interface Carrier {
  readonly name: 'simulator' | 'twilio';
  sendMessage(message: OutboundMessage): Promise<CarrierSendResult>;
  /** Downloads inbound media from the carrier with the carrier's credentials. */
  fetchMedia(url: string): Promise<{ bytes: Uint8Array; contentType: string }>;
  /** Stops timers and connections. */
  close(): Promise<void>;
}
