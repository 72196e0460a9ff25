// Compliance keywords: the whole message, any case, as carriers read them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keywordOf } from './inbound.ts';

test('keywordOf reads opt-out, opt-in and help keywords and nothing else', () => {
  for (const body of ['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit!', 'OPTOUT', 'revoke']) assert.equal(keywordOf(body), 'opt-out', body);
  for (const body of ['START', 'unstop', 'Yes', 'OPTIN']) assert.equal(keywordOf(body), 'opt-in', body);
  for (const body of ['HELP', 'info?']) assert.equal(keywordOf(body), 'help', body);
  for (const body of ['please stop texting me', 'STOP IT', 'yes please', 'stopp', '', 'Can you help?']) assert.equal(keywordOf(body), null, body);
});
