// A port of grapheme-splitter@1.0.4 (Unicode 10 rules, with its quirks kept on purpose): Twilio's
// segment calculator never splits one of these clusters across segments and counts them as the
// characters of a UCS-2 message, so we must cut exactly where it does. Intl.Segmenter would not do:
// it follows newer Unicode rules and differs between runtimes.
import { GRAPHEME_TABLE } from './grapheme-table.ts';

const CR = 0, LF = 1, CONTROL = 2, EXTEND = 3, REGIONAL_INDICATOR = 4, SPACING_MARK = 5;
const L = 6, V = 7, T = 8, LV = 9, LVT = 10, OTHER = 11, PREPEND = 12, E_BASE = 13;
const E_MODIFIER = 14, ZWJ = 15, GLUE_AFTER_ZWJ = 16, E_BASE_GAZ = 17;
const NO_BREAK = 0;

let starts: number[] | undefined;
let properties: number[] = [];

function decodeTable(): number[] {
  const runStarts: number[] = [];
  let start = 0;
  for (const [, delta, letter] of GRAPHEME_TABLE.matchAll(/([0-9a-z]+)([A-Z])/g)) {
    start += parseInt(delta!, 36);
    runStarts.push(start);
    properties.push(letter!.charCodeAt(0) - 65);
  }
  return runStarts;
}

function propertyOf(code: number): number {
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 === 0 ? LV : LVT;
  starts ??= decodeTable();
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= code) low = middle;
    else high = middle - 1;
  }
  return properties[low]!;
}

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

function codePointAt(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  if (isHigh(unit) && index < text.length - 1) {
    const low = text.charCodeAt(index + 1);
    return isLow(low) ? (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000 : unit;
  }
  if (isLow(unit) && index >= 1) {
    const high = text.charCodeAt(index - 1);
    if (isHigh(high)) return (high - 0xd800) * 0x400 + (unit - 0xdc00) + 0x10000;
  }
  return unit;
}

// Returns 0 when the pair must stay together; any other value is a break (the original tells
// several kinds of break apart, but its callers only test truthiness).
function shouldBreak(start: number, middle: number[], end: number): number {
  const all = [start, ...middle, end];
  const previous = all[all.length - 2]!;
  const next = end;
  const only = (from: number, to: number, property: number) => all.slice(from, to).every((p) => p === property);

  const modifierIndex = all.lastIndexOf(E_MODIFIER);
  if (modifierIndex > 1 && only(1, modifierIndex, EXTEND) && ![EXTEND, E_BASE, E_BASE_GAZ].includes(start)) return 1;
  const regionalIndex = all.lastIndexOf(REGIONAL_INDICATOR);
  if (regionalIndex > 0 && only(1, regionalIndex, REGIONAL_INDICATOR) && ![PREPEND, REGIONAL_INDICATOR].includes(previous)) {
    return 1;
  }
  if (previous === CR && next === LF) return NO_BREAK;
  if (previous === CONTROL || previous === CR || previous === LF) return 1;
  if (next === CONTROL || next === CR || next === LF) return 1;
  if (previous === L && (next === L || next === V || next === LV || next === LVT)) return NO_BREAK;
  if ((previous === LV || previous === V) && (next === V || next === T)) return NO_BREAK;
  if ((previous === LVT || previous === T) && next === T) return NO_BREAK;
  if (next === EXTEND || next === ZWJ || next === SPACING_MARK || previous === PREPEND) return NO_BREAK;

  const previousNonExtend = all.includes(EXTEND) ? all.lastIndexOf(EXTEND) - 1 : all.length - 2;
  const base = all[previousNonExtend];
  if ((base === E_BASE || base === E_BASE_GAZ) && only(previousNonExtend + 1, -1, EXTEND) && next === E_MODIFIER) {
    return NO_BREAK;
  }
  if (previous === ZWJ && (next === GLUE_AFTER_ZWJ || next === E_BASE_GAZ)) return NO_BREAK;
  if (middle.includes(REGIONAL_INDICATOR)) return 1;
  if (previous === REGIONAL_INDICATOR && next === REGIONAL_INDICATOR) return NO_BREAK;
  return 1;
}

function nextBreak(text: string, index: number): number {
  if (index >= text.length - 1) return text.length;
  const first = propertyOf(codePointAt(text, index));
  const middle: number[] = [];
  for (let i = index + 1; i < text.length; i++) {
    if (isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i))) continue;
    const next = propertyOf(codePointAt(text, i));
    if (shouldBreak(first, middle, next)) return i;
    middle.push(next);
  }
  return text.length;
}

/**
 * Splits text into the user-perceived characters Twilio's segment calculator sees (Unicode 10
 * grapheme clusters, with CR LF kept as two characters).
 * @example splitGraphemes('hi 👍🏽') // ['h', 'i', ' ', '👍🏽']
 */
export function splitGraphemes(text: string): string[] {
  const graphemes: string[] = [];
  let index = 0;
  while (index < text.length) {
    const end = nextBreak(text, index);
    const grapheme = text.slice(index, end);
    if (grapheme === '\r\n') graphemes.push('\r', '\n');
    else graphemes.push(grapheme);
    index = end;
  }
  return graphemes;
}
