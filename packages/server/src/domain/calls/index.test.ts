// How Twilio's call reports become timeline statuses, and which later reports may change them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { callStatusOf, canMoveCall } from './index.ts';

describe('callStatusOf', () => {
  const inbound = (carrierStatus: string, extra: Partial<Parameters<typeof callStatusOf>[0]> = {}) =>
    callStatusOf({ direction: 'inbound', carrierStatus, hasRecording: false, ...extra });

  test('inbound calls', () => {
    assert.equal(inbound('ringing'), 'ringing');
    assert.equal(inbound('in-progress'), 'in-progress');
    assert.equal(inbound('completed', { dialCallStatus: 'completed', durationSeconds: 80 }), 'answered');
    assert.equal(inbound('completed', { durationSeconds: 80 }), 'answered', 'no dial: the flow itself handled the caller');
    assert.equal(inbound('completed', { dialCallStatus: 'no-answer', durationSeconds: 30 }), 'missed');
    assert.equal(inbound('completed', { dialCallStatus: 'busy' }), 'missed');
    assert.equal(inbound('completed', { durationSeconds: 0 }), 'missed');
    assert.equal(inbound('completed', { dialCallStatus: 'no-answer', hasRecording: true }), 'voicemail');
    assert.equal(inbound('completed', { dialCallStatus: 'completed', hasRecording: true }), 'answered', 'a recorded conversation is not a voicemail');
    assert.equal(inbound('no-answer'), 'missed');
    assert.equal(inbound('canceled'), 'missed', 'the caller hung up before anyone answered');
    assert.equal(inbound('busy'), 'busy');
    assert.equal(inbound('failed'), 'failed');
  });

  test('outbound calls keep the carrier words', () => {
    const outbound = (carrierStatus: string, durationSeconds = 0) => callStatusOf({ direction: 'outbound', carrierStatus, durationSeconds, hasRecording: false });
    assert.equal(outbound('completed', 42), 'answered');
    assert.equal(outbound('completed', 0), 'no-answer');
    assert.equal(outbound('no-answer'), 'no-answer');
    assert.equal(outbound('canceled'), 'canceled');
    assert.equal(outbound('busy'), 'busy');
  });
});

describe('canMoveCall', () => {
  test('forward only, and only a recording turns an unanswered call into a voicemail', () => {
    assert.equal(canMoveCall('ringing', 'in-progress', false), true);
    assert.equal(canMoveCall('in-progress', 'answered', false), true);
    assert.equal(canMoveCall('answered', 'ringing', false), false);
    assert.equal(canMoveCall('answered', 'in-progress', false), false);
    assert.equal(canMoveCall('missed', 'voicemail', false), true);
    assert.equal(canMoveCall('busy', 'voicemail', false), true);
    assert.equal(canMoveCall('answered', 'voicemail', false), false);
    assert.equal(canMoveCall('answered', 'missed', false), false);
    assert.equal(canMoveCall('voicemail', 'missed', false), false);
    assert.equal(canMoveCall('voicemail', 'answered', false), false);
    assert.equal(canMoveCall('voicemail', 'answered', true), true);
    assert.equal(canMoveCall('missed', 'missed', false), false);
  });
});
