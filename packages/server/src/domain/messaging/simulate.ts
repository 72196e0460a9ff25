// Simulated inbound texts for the demo, the dev endpoint and the CLI `simulate` command. They go
// through the same function as the Twilio webhook, so the demo exercises the real rules.
import { randomBytes } from 'node:crypto';
import type { Message } from '@threadline/sdk';
import { ApiError, invalid } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { messageInclude, toMessageDto } from '../threads/dto.ts';
import { checkFile, MEDIA_LIMITS, mediaTooLarge, type IncomingFile } from '../media/index.ts';
import { sampleMedia, type SampleKind } from '../media/samples.ts';
import { receiveInboundMessage, type InboundMediaInput } from './inbound.ts';
import { MAX_BODY_CHARACTERS, phoneInputToE164 } from './send.ts';
import { linksOf } from './status.ts';

/** A simulated attachment: bytes given inline, or one of the built-in samples. */
export type SimulatedMedia = { contentType: string; filename?: string; dataBase64: string } | { sample: SampleKind };

/** A simulated inbound text. */
export interface SimulatedInboundSms {
  /** The tracking number texted: its id or E.164. */
  to: string;
  /** The texter; national US/CA formats are accepted. */
  from: string;
  body?: string;
  media?: SimulatedMedia[];
}

/** A fake carrier id in Twilio's shape ("SM" / "CA" / "RE" + 32 hex digits). */
export function simulatedSid(prefix: 'SM' | 'CA' | 'RE'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/**
 * The tracking number a simulated event is for (id or E.164), limited to one business when given.
 * Unknown, or another business's, is a 422 on `field`.
 */
export async function simulatedNumber(services: Services, to: string, businessId: string | undefined, field = 'to') {
  const value = String(to ?? '').trim();
  const where = value.startsWith('+') ? { e164: value } : { id: value };
  const number = value ? await services.db.trackingNumber.findFirst({ where: { ...where, ...(businessId ? { businessId } : {}) } }) : null;
  if (!number) throw invalid(field, `"${field}" is not one of ${businessId ? "this business's" : 'our'} tracking numbers: ${value}`, { value });
  return number;
}

function decodeMedia(items: SimulatedMedia[]): IncomingFile[] {
  if (items.length > MEDIA_LIMITS.maxFilesPerMessage) {
    throw invalid('media', `A message can carry at most ${MEDIA_LIMITS.maxFilesPerMessage} attachments`, { count: items.length });
  }
  const files = items.map((item, index): IncomingFile => {
    const field = `media.${index}`;
    if ('sample' in item) return sampleMedia(item.sample);
    if (typeof item.dataBase64 !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(item.dataBase64.replace(/\s/g, ''))) {
      throw invalid(`${field}.dataBase64`, 'dataBase64 must be base64 text');
    }
    const file = { filename: item.filename, contentType: item.contentType, bytes: Buffer.from(item.dataBase64, 'base64') };
    checkFile(field, file);
    return file;
  });
  const total = files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
  if (total > MEDIA_LIMITS.maxBytesPerMessage) throw mediaTooLarge('media', total);
  return files;
}

/**
 * Delivers a simulated inbound text as if the carrier had: same storage, unread count, charge,
 * keywords (STOP/START) and live events as a real one. Returns the stored message.
 * @example await injectInboundSms(services, { to: '+18135550100', from: '(727) 555-0199', body: 'Are you open today?' })
 */
export async function injectInboundSms(services: Services, input: SimulatedInboundSms, businessId?: string): Promise<Message> {
  const number = await simulatedNumber(services, input.to, businessId);
  const from = phoneInputToE164(input.from, number.country === 'CA' ? 'CA' : 'US', 'from');
  if (from === number.e164) throw new ApiError(422, 'invalid_request', 'A number cannot text itself', { field: 'from' });
  const body = typeof input.body === 'string' ? input.body : '';
  if (Array.from(body).length > MAX_BODY_CHARACTERS) throw invalid('body', `The message is longer than ${MAX_BODY_CHARACTERS} characters`);
  const files = decodeMedia(input.media ?? []);
  if (!body.trim() && files.length === 0) throw invalid('body', 'Write a message or attach a file');
  const result = await receiveInboundMessage(services, {
    sid: simulatedSid('SM'),
    to: number.e164,
    from,
    body,
    media: files.map((file): InboundMediaInput => ({ file })),
  });
  const row = await services.db.message.findUniqueOrThrow({ where: { id: result.messageId! }, include: messageInclude });
  return toMessageDto(linksOf(services.config), row);
}
