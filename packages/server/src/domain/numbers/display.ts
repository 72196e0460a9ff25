// The display form of an E.164 number, put next to it in every DTO the widgets show, so browsers
// need no phone library (the server is the authority on numbers).
import { formatPhone } from '@threadline/sdk/phone';

// Thread lists and timelines repeat the same few numbers on every page: keep recent answers.
const cache = new Map<string, string>();
const CACHE_LIMIT = 5_000;

/**
 * A number for people to read: national for +1 ("(813) 555-1234"), international otherwise, and
 * the input unchanged when it cannot be read.
 * @example displayNumber('+18135551234') // '(813) 555-1234'
 */
export function displayNumber(e164: string): string {
  let display = cache.get(e164);
  if (display === undefined) {
    display = formatPhone(e164);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(e164, display);
  }
  return display;
}
