import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countryOf, digitsOf, formatPhone, isE164, parsePhone, toE164 } from './index.ts';

test('reads the usual ways people type a US number', () => {
  for (const input of ['(813) 555-1234', '813.555.1234', '+1 813 555 1234', '18135551234', '813-555-1234', ' 8135551234 ']) {
    assert.equal(toE164(input), '+18135551234', input);
  }
  assert.deepEqual(parsePhone('(813) 555-1234'), { e164: '+18135551234', country: 'US', valid: true });
});

test('reads Canadian numbers and the other countries sharing +1', () => {
  assert.deepEqual(parsePhone('(416) 967-1111'), { e164: '+14169671111', country: 'CA', valid: true });
  assert.equal(toE164('416 967 1111', 'CA'), '+14169671111');
  assert.deepEqual(parsePhone('+1 787 555 0123'), { e164: '+17875550123', country: 'PR', valid: true });
});

test('numbers outside +1 are not numbers Threadline can text', () => {
  assert.equal(toE164('+44 20 7946 0958'), null);
  assert.equal(parsePhone('+33 1 42 68 53 00'), null);
});

test('refuses what cannot be a phone number', () => {
  for (const input of ['', 'abc', '555-1234', '+1 813 555', '12345678901234567']) assert.equal(parsePhone(input), null, input);
  assert.equal(toE164(undefined as unknown as string), null);
});

test('accepts possible numbers that are not valid, and says so', () => {
  // 999 is not an assigned area code, but the length is right.
  assert.deepEqual(parsePhone('+1 999 555 1234'), { e164: '+19995551234', country: null, valid: false });
  // Typed nationally, the number takes the default country.
  assert.deepEqual(parsePhone('(813) 155-1234'), { e164: '+18131551234', country: 'US', valid: false });
});

test('isE164 checks the form only', () => {
  assert.equal(isE164('+18135551234'), true);
  assert.equal(isE164('18135551234'), false);
  assert.equal(isE164('+1 813 555 1234'), false);
  assert.equal(isE164('+0123'), false);
  assert.equal(isE164('+1234567890123456'), false);
});

test('formats for display', () => {
  assert.equal(formatPhone('+18135551234'), '(813) 555-1234');
  assert.equal(formatPhone('+18135551234', 'international'), '+1 813 555 1234');
  // Outside +1 the metadata is not shipped: shown as stored rather than guessed at.
  assert.equal(formatPhone('+442079460958'), '+442079460958');
  assert.equal(formatPhone('not a number'), 'not a number');
});

test('tells US from Canadian numbers by area code', () => {
  assert.equal(countryOf('+18135551234'), 'US');
  assert.equal(countryOf('+14165551234'), 'CA');
  assert.equal(countryOf('+12045550123'), 'CA');
  assert.equal(countryOf('+18005550123'), 'US');
  assert.equal(countryOf('+442079460958'), null);
  assert.equal(countryOf('garbage'), null);
});

test('digitsOf keeps digits only', () => {
  assert.equal(digitsOf('(813) 555-1234'), '8135551234');
  assert.equal(digitsOf('+1 813'), '1813');
});
