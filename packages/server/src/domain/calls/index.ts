// Calls on the timeline. Twilio reports a call's progress (voice status callback) and, separately
// and in any order, its recording (recording status callback). Each report is idempotent: one row
// per CallSid, statuses only move forward, and a recording on an unanswered call makes it a voicemail.
import type { CallStatus } from '@threadline/sdk';
import type { Services } from '../../services.ts';
import { EventBus } from '../events/index.ts';
import { callPreviewText, recordActivity, type Tx } from '../threads/activity.ts';
import { callInclude, threadInclude, toCallDto, toThreadDto } from '../threads/dto.ts';
import { linksOf } from '../messaging/status.ts';
import { transact } from '../messaging/transaction.ts';

/** A call report from the carrier (or the simulator). */
export interface CallEventInput {
  callSid: string;
  /** E.164 of the caller. */
  from: string;
  /** E.164 of the callee. */
  to: string;
  direction: 'inbound' | 'outbound';
  /** Twilio's CallStatus: queued, ringing, in-progress, completed, busy, failed, no-answer, canceled. */
  carrierStatus: string;
  /** Twilio's DialCallStatus, when the call flow dialled someone: whether a person picked up. */
  dialCallStatus?: string | null;
  durationSeconds?: number | null;
  recording?: RecordingInput | null;
  at?: Date;
}

/** A finished recording of a call. */
export interface RecordingInput {
  recordingSid: string;
  url: string;
  durationSeconds?: number | null;
}

/** What happened to a call report. */
export interface CallEventResult {
  outcome: 'stored' | 'updated' | 'unchanged' | 'unknown-number' | 'unknown-call';
  callId: string | null;
  businessId: string | null;
}

const FINAL: readonly CallStatus[] = ['answered', 'missed', 'voicemail', 'failed', 'busy', 'no-answer', 'canceled'];
const RANK = (status: string): number => (status === 'ringing' ? 0 : status === 'in-progress' ? 1 : 2);
const NOT_ANSWERED = new Set(['no-answer', 'busy', 'failed', 'canceled']);

/**
 * The timeline status of a call from what the carrier said.
 * Inbound calls nobody picked up are "missed" (or "voicemail" when the caller left a recording);
 * outbound calls keep the carrier's own words for why they did not connect.
 */
export function callStatusOf(input: {
  direction: 'inbound' | 'outbound';
  carrierStatus: string;
  dialCallStatus?: string | null;
  durationSeconds?: number | null;
  hasRecording: boolean;
}): CallStatus {
  const duration = input.durationSeconds ?? 0;
  const dial = input.dialCallStatus ?? null;
  switch (input.carrierStatus) {
    case 'queued':
    case 'initiated':
    case 'ringing':
      return input.hasRecording && input.direction === 'inbound' ? 'voicemail' : 'ringing';
    case 'in-progress':
      return input.hasRecording && input.direction === 'inbound' && dial !== 'completed' && dial !== 'answered' ? 'voicemail' : 'in-progress';
    case 'completed': {
      if (dial === 'completed' || dial === 'answered') return 'answered';
      if (input.direction === 'inbound') {
        if (input.hasRecording) return 'voicemail';
        if (dial && NOT_ANSWERED.has(dial)) return 'missed';
        return duration > 0 ? 'answered' : 'missed';
      }
      return duration > 0 ? 'answered' : 'no-answer';
    }
    case 'busy':
      return input.direction === 'inbound' && input.hasRecording ? 'voicemail' : 'busy';
    case 'failed':
      return 'failed';
    case 'no-answer':
    case 'canceled':
      if (input.direction === 'inbound') return input.hasRecording ? 'voicemail' : 'missed';
      return input.carrierStatus;
    default:
      return 'in-progress';
  }
}

/**
 * Whether a call may move from `current` to `next`. Forward only; among final statuses, only a
 * late recording turns an unanswered call into a voicemail, and an explicit "answered" report
 * (a person picked up and the call was recorded) overrides a guessed voicemail.
 */
export function canMoveCall(current: string, next: CallStatus, explicitlyAnswered: boolean): boolean {
  if (current === next) return false;
  if (RANK(next) > RANK(current)) return true;
  if (RANK(next) < RANK(current) || RANK(current) < 2) return false;
  if (next === 'voicemail') return current !== 'answered';
  if (next === 'answered') return current === 'voicemail' && explicitlyAnswered;
  return false;
}

/** Whether a call outcome needs the user's attention (counts as unread). */
function needsAttention(status: string, direction: string): boolean {
  return direction === 'inbound' && (status === 'missed' || status === 'voicemail');
}

async function appendCallEvents(tx: Tx, services: Services, callId: string, type: 'call.created' | 'call.updated'): Promise<void> {
  const row = await tx.call.findUniqueOrThrow({ where: { id: callId }, include: callInclude });
  const thread = await tx.thread.findUniqueOrThrow({ where: { id: row.threadId }, include: threadInclude });
  await EventBus.append(tx, row.businessId, type, toCallDto(linksOf(services.config), row));
  await EventBus.append(tx, row.businessId, 'thread.updated', toThreadDto(thread));
}

/**
 * Records a call report: creates the call (and its contact and thread) on first sight, then moves
 * its status forward, keeps the longest duration, attaches a recording, and appends `call.created`
 * or `call.updated` plus `thread.updated`. Idempotent for repeated reports.
 */
export async function recordCallEvent(services: Services, input: CallEventInput): Promise<CallEventResult> {
  const ours = input.direction === 'inbound' ? input.to : input.from;
  const other = input.direction === 'inbound' ? input.from : input.to;
  const number = await services.db.trackingNumber.findUnique({ where: { e164: ours } });
  if (!number) {
    console.warn(`Call ${input.callSid} on ${ours}: not one of our tracking numbers; ignored`);
    return { outcome: 'unknown-number', callId: null, businessId: null };
  }
  const { businessId } = number;
  const at = input.at ?? new Date();
  const result = await transact(services.db, async (tx): Promise<CallEventResult> => {
    const existing = await tx.call.findUnique({ where: { carrierSid: input.callSid } });
    if (existing && existing.businessId !== businessId) return { outcome: 'unchanged', callId: null, businessId: null };
    const recording = input.recording ?? null;
    const hasRecording = Boolean(recording || existing?.recordingUrl);
    const status = callStatusOf({ ...input, hasRecording });
    const duration = Math.max(0, Math.round(input.durationSeconds ?? 0));
    const recordingData = recording && !existing?.recordingUrl
      ? { recordingUrl: recording.url, recordingSid: recording.recordingSid, recordingDurationSeconds: recording.durationSeconds ?? null }
      : {};

    if (!existing) {
      const { threadId } = await recordActivity(tx, {
        businessId,
        contactE164: other,
        trackingNumberId: number.id,
        at,
        preview: { kind: 'call', direction: input.direction, text: callPreviewText(status, duration, recording?.durationSeconds ?? null) },
        unread: needsAttention(status, input.direction),
      });
      const call = await tx.call.create({
        data: {
          businessId,
          threadId,
          trackingNumberId: number.id,
          direction: input.direction,
          from: input.from,
          to: input.to,
          status,
          durationSeconds: duration,
          carrierSid: input.callSid,
          startedAt: at,
          ...recordingData,
        },
      });
      await appendCallEvents(tx, services, call.id, 'call.created');
      return { outcome: 'stored', callId: call.id, businessId };
    }

    const explicitlyAnswered = input.dialCallStatus === 'completed' || input.dialCallStatus === 'answered';
    const moves = canMoveCall(existing.status, status, explicitlyAnswered);
    const longer = duration > existing.durationSeconds;
    const newRecording = Object.keys(recordingData).length > 0;
    if (!moves && !longer && !newRecording) return { outcome: 'unchanged', callId: existing.id, businessId };
    const nextStatus = moves ? status : existing.status;
    const updated = await tx.call.update({
      where: { id: existing.id },
      data: { ...(moves ? { status } : {}), ...(longer ? { durationSeconds: duration } : {}), ...recordingData },
    });
    if (moves) {
      await recordActivity(tx, {
        businessId,
        contactE164: other,
        trackingNumberId: number.id,
        at: existing.startedAt,
        preview: {
          kind: 'call',
          direction: existing.direction as 'inbound' | 'outbound',
          text: callPreviewText(nextStatus, updated.durationSeconds, updated.recordingDurationSeconds),
        },
        unread: needsAttention(nextStatus, existing.direction) && !needsAttention(existing.status, existing.direction),
      });
    }
    await appendCallEvents(tx, services, existing.id, 'call.updated');
    return { outcome: 'updated', callId: existing.id, businessId };
  });
  if (result.businessId && result.outcome !== 'unchanged') services.bus.notify(result.businessId);
  return result;
}

/**
 * Attaches a finished recording to a call (the recording status callback). A call nobody answered
 * becomes a voicemail. Recording reports for calls we have never seen are ignored (they carry no
 * numbers to file them under).
 */
export async function recordCallRecording(services: Services, input: { callSid: string } & RecordingInput): Promise<CallEventResult> {
  const call = await services.db.call.findUnique({ where: { carrierSid: input.callSid }, include: { trackingNumber: true } });
  if (!call) {
    console.warn(`Recording ${input.recordingSid} for unknown call ${input.callSid}; ignored`);
    return { outcome: 'unknown-call', callId: null, businessId: null };
  }
  // Replaying the call's last known state with the recording reuses one set of rules.
  const carrierStatus = call.status === 'ringing' || call.status === 'in-progress' ? call.status : 'completed';
  return recordCallEvent(services, {
    callSid: call.carrierSid,
    from: call.from,
    to: call.to,
    direction: call.direction as 'inbound' | 'outbound',
    carrierStatus,
    dialCallStatus: call.status === 'answered' ? 'completed' : null,
    durationSeconds: call.durationSeconds,
    recording: input,
    at: call.startedAt,
  });
}
