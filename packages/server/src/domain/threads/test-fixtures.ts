// Builders for tests: file a message or call the way the messaging code does (recordActivity in one
// transaction with the row), without going through a carrier or webhook.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { EventBus } from '../events/index.ts';
import { callPreviewText, messagePreviewText, recordActivity } from './activity.ts';

/** A message to file in a test. */
export interface MessageFixture {
  businessId: string;
  trackingNumberId: string;
  contact: string;
  at: Date;
  direction?: 'inbound' | 'outbound';
  body?: string;
  status?: string;
  media?: { contentType: string; filename: string; size: number }[];
}

/** Files a message under its thread (creating contact and thread as needed) and logs `message.created`. */
export async function addMessage(db: Db, input: MessageFixture): Promise<{ messageId: string; threadId: string; contactId: string }> {
  const direction = input.direction ?? 'inbound';
  const body = input.body ?? 'Hello';
  const number = await db.trackingNumber.findUniqueOrThrow({ where: { id: input.trackingNumberId } });
  return db.$transaction(async (tx) => {
    const { threadId, contactId } = await recordActivity(tx, {
      businessId: input.businessId,
      contactE164: input.contact,
      trackingNumberId: input.trackingNumberId,
      at: input.at,
      preview: { kind: input.media?.length ? 'mms' : 'sms', direction, text: messagePreviewText(body, input.media?.map((m) => m.contentType) ?? []) },
      unread: direction === 'inbound',
    });
    const message = await tx.message.create({
      data: {
        businessId: input.businessId,
        threadId,
        trackingNumberId: input.trackingNumberId,
        direction,
        from: direction === 'inbound' ? input.contact : number.e164,
        to: direction === 'inbound' ? number.e164 : input.contact,
        body,
        encoding: 'GSM-7',
        segments: 1,
        status: input.status ?? (direction === 'inbound' ? 'received' : 'delivered'),
        createdAt: input.at,
        media: input.media?.length
          ? { create: input.media.map((m) => ({ ...m, businessId: input.businessId, publicToken: randomUUID(), storageKey: `test/${m.filename}` })) }
          : undefined,
      },
    });
    await EventBus.append(tx, input.businessId, 'message.created', { id: message.id, threadId });
    return { messageId: message.id, threadId, contactId };
  });
}

/** A call to file in a test. */
export interface CallFixture {
  businessId: string;
  trackingNumberId: string;
  contact: string;
  at: Date;
  status?: string;
  durationSeconds?: number;
  recordingSeconds?: number;
}

/** Files a call under its thread and logs `call.created`. */
export async function addCall(db: Db, input: CallFixture): Promise<{ callId: string; threadId: string; contactId: string }> {
  const status = input.status ?? 'answered';
  const number = await db.trackingNumber.findUniqueOrThrow({ where: { id: input.trackingNumberId } });
  return db.$transaction(async (tx) => {
    const { threadId, contactId } = await recordActivity(tx, {
      businessId: input.businessId,
      contactE164: input.contact,
      trackingNumberId: input.trackingNumberId,
      at: input.at,
      preview: { kind: 'call', direction: 'inbound', text: callPreviewText(status, input.durationSeconds ?? 0, input.recordingSeconds ?? null) },
      unread: status === 'missed' || status === 'voicemail',
    });
    const call = await tx.call.create({
      data: {
        businessId: input.businessId,
        threadId,
        trackingNumberId: input.trackingNumberId,
        direction: 'inbound',
        from: input.contact,
        to: number.e164,
        status,
        durationSeconds: input.durationSeconds ?? 0,
        recordingUrl: input.recordingSeconds ? `https://api.twilio.com/recordings/RE${randomUUID().replaceAll('-', '')}` : null,
        recordingDurationSeconds: input.recordingSeconds ?? null,
        carrierSid: `CA${randomUUID().replaceAll('-', '')}`,
        startedAt: input.at,
      },
    });
    await EventBus.append(tx, input.businessId, 'call.created', { id: call.id, threadId });
    return { callId: call.id, threadId, contactId };
  });
}
