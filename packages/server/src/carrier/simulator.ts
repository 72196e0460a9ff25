import { randomBytes } from 'node:crypto';
import type { MessageStatus } from '@threadline/sdk';
import type { Config } from '../config.ts';
import { simulatorAsset } from '../domain/media/fetch.ts';
import type { Carrier, CarrierSendResult, OutboundMessage } from './index.ts';

/** A status change a carrier reports for a message it accepted. */
export interface StatusUpdate {
  sid: string;
  /** Our message id: a report can arrive before the send stored the carrier's id. */
  messageId?: string;
  status: MessageStatus;
  errorCode?: string | null;
}

/** Where the simulator delivers status changes: the same domain function the status webhook calls. */
export type StatusSink = (update: StatusUpdate) => Promise<unknown>;

/** Failures the simulator picks from: realistic codes the timeline shows in words. */
const FAILURE_CODES = ['30003', '30007'] as const;

/**
 * An in-process carrier for the demo and tests: no network, no account. Each accepted message moves
 * to `sent` and then `delivered` (or, for `simulatorFailureRate` of them, `failed` with 30003/30007)
 * `simulatorStepMs` apart, reported through `onStatus` exactly as Twilio's callbacks would be.
 */
export class SimulatorCarrier implements Carrier {
  readonly name = 'simulator' as const;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #pending = new Set<Promise<unknown>>();
  #closed = false;

  constructor(
    private readonly config: Pick<Config, 'simulatorStepMs' | 'simulatorFailureRate'>,
    private readonly onStatus: StatusSink,
    /** Random source in [0, 1): tests pass a fixed one to choose failures. */
    private readonly random: () => number = Math.random,
  ) {}

  async sendMessage(message: OutboundMessage): Promise<CarrierSendResult> {
    if (this.#closed) throw new Error('The simulator carrier is closed');
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const fails = this.random() < this.config.simulatorFailureRate;
    const code = FAILURE_CODES[Math.floor(this.random() * FAILURE_CODES.length)] ?? '30003';
    const step = this.config.simulatorStepMs;
    if (fails) {
      this.#later(step, { sid, messageId: message.messageId, status: 'failed', errorCode: code });
    } else {
      this.#later(step, { sid, messageId: message.messageId, status: 'sent' });
      this.#later(step * 2, { sid, messageId: message.messageId, status: 'delivered' });
    }
    return { sid, status: 'sending' };
  }

  #later(ms: number, update: StatusUpdate): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const report = this.onStatus(update)
        .catch((error: unknown) => console.error(`Simulator: status ${update.status} for ${update.sid} was not applied`, error))
        .finally(() => this.#pending.delete(report));
      this.#pending.add(report);
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  async fetchMedia(url: string): Promise<{ bytes: Uint8Array; contentType: string }> {
    const asset = simulatorAsset(url);
    if (!asset) throw new Error(`The simulator has no media at ${url}`);
    return asset;
  }

  /** Drops reports not yet due and waits for the ones being applied. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#pending]);
  }
}
