// Phone helpers over libphonenumber-js "core" with its metadata cut to the +1 numbering plan
// (1.2 KB gzip instead of 19 KB; scripts/generate-phone-metadata.mjs). Threadline texts from US and
// Canadian numbers, so a number outside +1 is not one it can text, and parses as null.
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/core';
import { nanpMetadata as metadata } from './nanp-metadata.ts';
import type { Country } from '../types.ts';

/** A phone number read from user input. */
export interface ParsedPhone {
  /** E.164, e.g. "+18135551234". */
  e164: string;
  /**
   * ISO 3166 country the number belongs to (by area code for +1); the default country for an
   * invalid number typed nationally; null when unknown.
   */
  country: string | null;
  /** Whether the number matches the country's numbering plan, not only its length. */
  valid: boolean;
}

function parse(input: string, defaultCountry: Country = 'US'): PhoneNumber | undefined {
  if (typeof input !== 'string') return undefined;
  return parsePhoneNumberFromString(input, defaultCountry, metadata);
}

/**
 * Reads a phone number typed any usual way. Accepts any number of a possible length for its
 * country (so made-up demo numbers still parse); `valid` says whether it also fits the plan.
 * Returns null when the input cannot be a phone number.
 * @example parsePhone('(813) 555-1234') // { e164: '+18135551234', country: 'US', valid: true }
 */
export function parsePhone(input: string, defaultCountry: Country = 'US'): ParsedPhone | null {
  const phone = parse(input, defaultCountry);
  if (!phone?.isPossible()) return null;
  return { e164: phone.number, country: phone.country ?? null, valid: phone.isValid() };
}

/**
 * E.164 form of a typed number, or null (same acceptance as `parsePhone`).
 * @example toE164('813.555.1234') // '+18135551234'
 */
export function toE164(input: string, defaultCountry: Country = 'US'): string | null {
  return parsePhone(input, defaultCountry)?.e164 ?? null;
}

/**
 * Whether a string is already in E.164 form (plus, country code, up to 15 digits, nothing else).
 * @example isE164('+18135551234') // true
 */
export function isE164(value: string): boolean {
  return typeof value === 'string' && /^\+[1-9]\d{1,14}$/.test(value);
}

/**
 * A number for display. "national" is used for +1 numbers only: other countries' numbers read
 * ambiguously without their country code, so they are always shown international.
 * Unparsable input comes back unchanged.
 * @example formatPhone('+18135551234') // '(813) 555-1234'
 * @example formatPhone('+18135551234', 'international') // '+1 813 555 1234'
 */
export function formatPhone(e164: string, style: 'national' | 'international' = 'national'): string {
  const phone = parse(e164);
  if (!phone) return e164;
  return style === 'national' && phone.countryCallingCode === '1' ? phone.formatNational() : phone.formatInternational();
}

/**
 * The country (US or CA) of a +1 number, told apart by area code; null for other countries.
 * Toll-free numbers (8XX) are shared by both and report US.
 * @example countryOf('+14165551234') // 'CA'
 */
export function countryOf(e164: string): Country | null {
  const country = parse(e164)?.country;
  return country === 'US' || country === 'CA' ? country : null;
}

/**
 * Just the digits of an input, for searching.
 * @example digitsOf('(813) 555-1234') // '8135551234'
 */
export function digitsOf(input: string): string {
  return String(input ?? '').replace(/\D/g, '');
}
