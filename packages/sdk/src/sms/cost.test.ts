import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quoteCost } from './cost.ts';
import type { Rates } from '../types.ts';

const rates: Rates = { smsOutbound: 2, smsInbound: 1, mmsOutbound: 5, mmsInbound: 3 };

test('SMS costs its segments times the per-segment rate of its direction', () => {
  assert.equal(quoteCost({ segments: 3, mediaCount: 0, direction: 'outbound', rates }), 6);
  assert.equal(quoteCost({ segments: 3, mediaCount: 0, direction: 'inbound', rates }), 3);
  assert.equal(quoteCost({ segments: 0, mediaCount: 0, direction: 'outbound', rates }), 0);
});

test('MMS is flat, whatever the text length or attachment count', () => {
  assert.equal(quoteCost({ segments: 9, mediaCount: 1, direction: 'outbound', rates }), 5);
  assert.equal(quoteCost({ segments: 1, mediaCount: 4, direction: 'outbound', rates }), 5);
  assert.equal(quoteCost({ segments: 2, mediaCount: 2, direction: 'inbound', rates }), 3);
});

test('refuses counts that are not whole numbers', () => {
  assert.throws(() => quoteCost({ segments: 1.5, mediaCount: 0, direction: 'outbound', rates }), RangeError);
  assert.throws(() => quoteCost({ segments: 1, mediaCount: -1, direction: 'outbound', rates }), RangeError);
});
