import type { Encoding } from '../types.ts';
import { splitGraphemes } from './graphemes.ts';

// The GSM 03.38 characters Twilio's calculator accepts as GSM-7 (its table, not the full standard:
// e.g. the backtick is missing there, so it forces UCS-2 here too). ` -Z` is space to Z: ASCII
// punctuation, digits, @ and capitals.
const GSM_BASIC = /^[\n\r -Z_a-z¡£¤¥§¿ÄÅÆÇÉÑÖØÜßàäåæèéìñòöøùüΓΔΘΛΞΠΣΦΨΩ]$/;
// Extension characters take an escape septet plus their own: they count 2. `[-^` is [\]^, `{-~` is {|}~.
const GSM_EXTENSION = /^[\f[-^{-~€]$/;
const SEGMENT_BITS = 1120; // 140 octets
const HEADER_BITS = 48; // the 6-octet concatenation header every part of a long message carries

/** How an SMS body encodes and bills. */
export interface SmsSegments {
  encoding: Encoding;
  /** Billable parts. An empty body counts 1, as Twilio's calculator says. */
  segments: number;
  /**
   * The count a composer shows: for GSM-7, septets (extension characters ^{}\[~]|€ and form feed
   * count 2, matching the 160/153 limits); for UCS-2, user-perceived characters (an emoji with a
   * skin tone counts 1). Equals Twilio's `numberOfCharacters`.
   */
  characters: number;
  /** The distinct characters that forced UCS-2, in order of first appearance (empty for GSM-7). */
  unicodeCharacters: string[];
}

// A grapheme of more than one code unit never matches: it is not GSM.
const gsmSeptets = (grapheme: string): number => (GSM_BASIC.test(grapheme) ? 1 : GSM_EXTENSION.test(grapheme) ? 2 : 0);

// Twilio's packing, step for step: characters fill a 1120-bit segment; when one does not fit, the
// first segment gains its header and gives back the characters that no longer fit, and each new
// segment starts with a header. A character (or cluster) is never split across segments.
function countSegments(sizes: number[]): number {
  const first: number[] = [];
  let firstBits = 0;
  let currentBits = 0;
  let count = 1;
  for (const size of sizes) {
    const bits = count === 1 ? firstBits : currentBits;
    if (SEGMENT_BITS - bits < size) {
      count++;
      currentBits = HEADER_BITS;
      if (count === 2) {
        firstBits += HEADER_BITS;
        while (firstBits > SEGMENT_BITS) {
          const moved = first.pop()!;
          firstBits -= moved;
          currentBits += moved;
        }
      }
    }
    if (count === 1) {
      first.push(size);
      firstBits += size;
    } else {
      currentBits += size;
    }
  }
  return count;
}

/**
 * Encoding, segment count and character count of an SMS body, exactly as Twilio bills it
 * (smart encoding off). GSM-7: 160 septets alone, 153 per part; UCS-2: 70 code units alone, 67 per part.
 * @example smsSegments('Hello 👋') // { encoding: 'UCS-2', segments: 1, characters: 7, unicodeCharacters: ['👋'] }
 */
export function smsSegments(body: string): SmsSegments {
  const graphemes = splitGraphemes(body);
  const unicodeCharacters = [...new Set(graphemes.filter((grapheme) => gsmSeptets(grapheme) === 0))];
  const gsm = unicodeCharacters.length === 0;
  // GSM-7 packs septets; UCS-2 packs the 16-bit code units of whole clusters and counts clusters.
  const sizes = graphemes.map((grapheme) => (gsm ? gsmSeptets(grapheme) * 7 : grapheme.length * 16));
  return {
    encoding: gsm ? 'GSM-7' : 'UCS-2',
    segments: countSegments(sizes),
    characters: gsm ? sizes.reduce((sum, bits) => sum + bits, 0) / 7 : graphemes.length,
    unicodeCharacters,
  };
}
