// A port of grapheme-splitter@1.0.4 (Unicode 10 rules, with its quirks kept on purpose): Twilio's
// segment calculator never splits one of these clusters across segments and counts them as the
// characters of a UCS-2 message, so we must cut exactly where it does. Intl.Segmenter would not do:
// it follows newer Unicode rules and differs between runtimes.
import { GRAPHEME_TABLE } from './grapheme-table.ts';

// CR, LF and Control come first so that `property <= CONTROL` tests all three.
const CR = 0, LF = 1, CONTROL = 2, EXTEND = 3, REGIONAL_INDICATOR = 4, SPACING_MARK = 5;
const L = 6, V = 7, T = 8, LV = 9, LVT = 10, PREPEND = 12, E_BASE = 13;
const E_MODIFIER = 14, ZWJ = 15, GLUE_AFTER_ZWJ = 16, E_BASE_GAZ = 17;

// The table, decoded on first use: where each run starts, and its property.
let starts: number[] | undefined;
const properties: number[] = [];

function propertyOf(code: number): number {
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 ? LVT : LV;
  if (!starts) {
    starts = [];
    let start = 0;
    for (const [, delta, letter] of GRAPHEME_TABLE.matchAll(/([0-9a-z]+)([A-Z])/g)) {
      starts.push((start += parseInt(delta!, 36)));
      properties.push(letter!.charCodeAt(0) - 65);
    }
  }
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= code) low = middle;
    else high = middle - 1;
  }
  return properties[low]!;
}

// Whether a cluster that began with `start` and went on with `middle` ends before `next`.
// grapheme-splitter's rules in its order, lookahead quirks included. One change: CR LF breaks,
// since Twilio counts CR and LF as two characters anyway (after LF everything breaks).
function shouldBreak(start: number, middle: number[], next: number): boolean {
  const all = [start, ...middle, next];
  const previous = all[all.length - 2]!;
  const only = (from: number, to: number, property: number) => all.slice(from, to).every((p) => p === property);

  const modifierIndex = all.lastIndexOf(E_MODIFIER);
  if (modifierIndex > 1 && only(1, modifierIndex, EXTEND) && ![EXTEND, E_BASE, E_BASE_GAZ].includes(start)) return true;
  const regionalIndex = all.lastIndexOf(REGIONAL_INDICATOR);
  if (regionalIndex > 0 && only(1, regionalIndex, REGIONAL_INDICATOR) && ![PREPEND, REGIONAL_INDICATOR].includes(previous)) return true;
  if (previous <= CONTROL || next <= CONTROL) return true;
  if (previous === L && [L, V, LV, LVT].includes(next)) return false;
  if ([LV, V].includes(previous) && [V, T].includes(next)) return false;
  if ([LVT, T].includes(previous) && next === T) return false;
  if ([EXTEND, ZWJ, SPACING_MARK].includes(next) || previous === PREPEND) return false;

  const previousNonExtend = all.includes(EXTEND) ? all.lastIndexOf(EXTEND) - 1 : all.length - 2;
  if ([E_BASE, E_BASE_GAZ].includes(all[previousNonExtend]!) && only(previousNonExtend + 1, -1, EXTEND) && next === E_MODIFIER) return false;
  if (previous === ZWJ && [GLUE_AFTER_ZWJ, E_BASE_GAZ].includes(next)) return false;
  return middle.includes(REGIONAL_INDICATOR) || previous !== REGIONAL_INDICATOR || next !== REGIONAL_INDICATOR;
}

/**
 * Splits text into the user-perceived characters Twilio's segment calculator sees (Unicode 10
 * grapheme clusters, with CR LF kept as two characters).
 * @example splitGraphemes('hi 👍🏽') // ['h', 'i', ' ', '👍🏽']
 */
export function splitGraphemes(text: string): string[] {
  const graphemes: string[] = [];
  let start = 0;
  while (start < text.length) {
    // A cluster starts on a code point, never inside a surrogate pair, so the native codePointAt
    // reads what grapheme-splitter's own reads.
    const first = propertyOf(text.codePointAt(start)!);
    const middle: number[] = [];
    let end = start + 1;
    for (; end < text.length; end++) {
      if (text.codePointAt(end - 1)! > 0xffff) continue; // the second half of a surrogate pair
      const next = propertyOf(text.codePointAt(end)!);
      if (shouldBreak(first, middle, next)) break;
      middle.push(next);
    }
    graphemes.push(text.slice(start, end));
    start = end;
  }
  return graphemes;
}
