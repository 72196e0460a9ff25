import type { Direction, Rates } from '../types.ts';

/** What a message costs is decided by these and the business's rates. */
export interface CostInput {
  /** From `smsSegments(body).segments`. */
  segments: number;
  /** Attachments; any makes it an MMS, billed flat whatever the text length. */
  mediaCount: number;
  direction: Direction;
  rates: Rates;
}

/**
 * Cost of one message in integer cents. The server charges with this same function, so a quote
 * shown in the composer is the amount taken.
 * @example quoteCost({ segments: 2, mediaCount: 0, direction: 'outbound', rates }) // 2 × rates.smsOutbound
 */
export function quoteCost({ segments, mediaCount, direction, rates }: CostInput): number {
  if (!Number.isInteger(segments) || segments < 0) throw new RangeError('segments must be a whole number ≥ 0');
  if (!Number.isInteger(mediaCount) || mediaCount < 0) throw new RangeError('mediaCount must be a whole number ≥ 0');
  const outbound = direction === 'outbound';
  if (mediaCount > 0) return outbound ? rates.mmsOutbound : rates.mmsInbound;
  return segments * (outbound ? rates.smsOutbound : rates.smsInbound);
}
