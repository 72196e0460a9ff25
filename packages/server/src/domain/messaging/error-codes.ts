// Twilio's messaging error codes in words a business user understands
// (https://www.twilio.com/docs/api/errors). Unknown codes fall back to a generic sentence.
const WORDS: Record<string, string> = {
  '21211': "Invalid 'To' phone number",
  '21408': 'Sending to this region is not enabled',
  '21606': "The 'From' number cannot send texts",
  '21610': 'Recipient replied STOP',
  '21612': 'This route cannot deliver to the recipient',
  '21614': "'To' number is not a mobile number",
  '21617': 'Message body is too long',
  '21620': 'Invalid media URL',
  '21623': 'Too many media attachments',
  '30001': 'Queue overflow',
  '30002': 'Account suspended',
  '30003': 'Unreachable destination handset',
  '30004': 'Message blocked',
  '30005': 'Unknown destination handset',
  '30006': 'Landline or unreachable carrier',
  '30007': 'Carrier filtered as spam',
  '30008': 'Unknown error',
  '30009': 'Missing inbound segment',
  '30010': 'Message price exceeds max price',
  '30019': 'Content size exceeds carrier limit',
  '30032': 'Toll-free number has not been verified',
  '30034': 'Message from an unregistered number (10DLC)',
  '30410': 'Provider timeout',
  // Our own codes for failures that never reached a carrier answer.
  network: 'Could not reach the carrier',
};

/** Twilio's code for "the recipient replied STOP": the carrier already treats them as opted out. */
export const RECIPIENT_OPTED_OUT_CODE = '21610';

/**
 * A carrier error code in words.
 * @example errorWords('30007') // "Carrier filtered as spam"
 */
export function errorWords(code: string | number | null | undefined, fallback?: string): string | null {
  if (code === null || code === undefined || code === '') return null;
  return WORDS[String(code)] ?? fallback ?? `Carrier error ${code}`;
}
