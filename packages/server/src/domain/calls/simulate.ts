// Simulated calls for the demo, the dev endpoint and the CLI `simulate` command, recorded through
// the same functions as Twilio's voice and recording callbacks.
import type { Call } from '@threadline/sdk';
import { ApiError, invalid } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { callInclude, toCallDto } from '../threads/dto.ts';
import { simulatorRecordingUrl } from '../media/fetch.ts';
import { simulatedNumber, simulatedSid } from '../messaging/simulate.ts';
import { phoneInputToE164 } from '../messaging/send.ts';
import { linksOf } from '../messaging/status.ts';
import { recordCallEvent, type CallEventInput } from './index.ts';

/** Outcomes a simulated inbound call can have. */
export const SIMULATED_CALL_OUTCOMES = ['answered', 'missed', 'voicemail', 'failed', 'busy'] as const;
/** One of `SIMULATED_CALL_OUTCOMES`. */
export type SimulatedCallOutcome = (typeof SIMULATED_CALL_OUTCOMES)[number];

/** A simulated inbound call. */
export interface SimulatedCall {
  /** The tracking number called: its id or E.164. */
  to: string;
  /** The caller; national US/CA formats are accepted. */
  from: string;
  outcome: SimulatedCallOutcome;
  /** Talk time (answered) or message length (voicemail); defaults 95 and 24 seconds. */
  durationSeconds?: number;
  /** Whether an answered call was recorded (a voicemail always has a recording). */
  recording?: boolean;
}

// The Twilio report each outcome corresponds to, so the shared rules turn it back into the outcome.
function carrierReport(outcome: SimulatedCallOutcome, seconds: number): Pick<CallEventInput, 'carrierStatus' | 'dialCallStatus' | 'durationSeconds'> {
  switch (outcome) {
    case 'answered':
      return { carrierStatus: 'completed', dialCallStatus: 'completed', durationSeconds: seconds };
    case 'voicemail':
      return { carrierStatus: 'completed', dialCallStatus: 'no-answer', durationSeconds: seconds + 20 };
    case 'missed':
      return { carrierStatus: 'completed', dialCallStatus: 'no-answer', durationSeconds: 0 };
    case 'busy':
      return { carrierStatus: 'busy', dialCallStatus: null, durationSeconds: 0 };
    case 'failed':
      return { carrierStatus: 'failed', dialCallStatus: null, durationSeconds: 0 };
  }
}

/**
 * Records a simulated inbound call with the given outcome (and a generated recording for a
 * voicemail, or an answered call with `recording: true`). Returns the stored call.
 * @example await injectCall(services, { to: numberId, from: '+17275550199', outcome: 'voicemail', durationSeconds: 31 })
 */
export async function injectCall(services: Services, input: SimulatedCall, businessId?: string): Promise<Call> {
  if (!SIMULATED_CALL_OUTCOMES.includes(input.outcome)) {
    throw invalid('outcome', `outcome must be one of ${SIMULATED_CALL_OUTCOMES.join(', ')}`, { value: input.outcome });
  }
  if (input.durationSeconds !== undefined && (!Number.isInteger(input.durationSeconds) || input.durationSeconds < 0 || input.durationSeconds > 14_400)) {
    throw invalid('durationSeconds', 'durationSeconds must be a whole number from 0 to 14400');
  }
  const number = await simulatedNumber(services, input.to, businessId);
  const from = phoneInputToE164(input.from, number.country === 'CA' ? 'CA' : 'US', 'from');
  if (from === number.e164) throw new ApiError(422, 'invalid_request', 'A number cannot call itself', { field: 'from' });
  const seconds = input.durationSeconds ?? (input.outcome === 'voicemail' ? 24 : 95);
  const callSid = simulatedSid('CA');
  const recorded = input.outcome === 'voicemail' || (input.outcome === 'answered' && input.recording === true);
  const result = await recordCallEvent(services, {
    callSid,
    from,
    to: number.e164,
    direction: 'inbound',
    ...carrierReport(input.outcome, seconds),
    recording: recorded ? { recordingSid: simulatedSid('RE'), url: simulatorRecordingUrl(callSid, Math.max(1, seconds)), durationSeconds: Math.max(1, seconds) } : null,
  });
  const row = await services.db.call.findUniqueOrThrow({ where: { id: result.callId! }, include: callInclude });
  return toCallDto(linksOf(services.config), row);
}
