// Twilio webhooks through the real app, with the real `twilio` package talking to TwilioFake.
// Signatures are computed in the test from Twilio's documented algorithm, not with twilio's helper.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiErrorBody, Call, Message, Thread } from '@threadline/sdk';
import { startMessagingTest, waitFor, type MessagingTest } from '../../testing/messaging.ts';

let t: MessagingTest;
before(async () => {
  t = await startMessagingTest({ twilio: true, balance: 500 });
});
after(async () => {
  await t.close();
});

const MESSAGING = '/webhooks/twilio/messaging';
const STATUS = '/webhooks/twilio/message-status';
const VOICE = '/webhooks/twilio/voice-status';
const RECORDING = '/webhooks/twilio/recording-status';
let serial = 0;
const sid = (prefix: string) => `${prefix}${(++serial).toString(16).padStart(32, '0')}`;

function inbound(from: string, body: string, extra: Record<string, string> = {}) {
  return {
    AccountSid: t.fake!.accountSid,
    ApiVersion: '2010-04-01',
    MessageSid: sid('SM'),
    SmsSid: 'ignored',
    From: from,
    To: t.seed.usNumber,
    Body: body,
    NumMedia: '0',
    FromCity: 'TAMPA',
    ...extra,
  };
}

async function expectTwiml(response: Response) {
  assert.equal(response.status, 200, await response.clone().text());
  assert.match(response.headers.get('content-type') ?? '', /^text\/xml/);
  assert.equal(await response.text(), '<?xml version="1.0" encoding="UTF-8"?><Response/>');
}

/** A messaging webhook's answer, then the inbox worker's fold of what it accepted (what the DB checks read). */
async function expectFiled(response: Response) {
  await expectTwiml(response);
  await t.services.inbox.drain();
}

const thread = (e164: string) =>
  t.services.db.thread.findFirstOrThrow({ where: { businessId: t.seed.businessId, contact: { e164 } }, include: { contact: true } });

describe('POST /webhooks/twilio/messaging', () => {
  test('stores an inbound text: unread thread, inbound charge, events', async () => {
    const before = await t.services.bus.latestId(t.seed.businessId);
    const params = inbound('+17275553001', 'Do you service water heaters?');
    await expectFiled(await t.webhook(MESSAGING, params));
    const message = await t.services.db.message.findUniqueOrThrow({ where: { carrierSid: params.MessageSid } });
    assert.equal(message.direction, 'inbound');
    assert.equal(message.status, 'received');
    assert.equal(message.body, 'Do you service water heaters?');
    assert.equal(message.cost, 1);
    const row = await thread('+17275553001');
    assert.equal(row.unreadCount, 1);
    assert.equal(row.previewText, 'Do you service water heaters?');
    assert.equal(row.previewDirection, 'inbound');
    const charge = await t.services.db.ledgerEntry.findFirstOrThrow({ where: { messageId: message.id } });
    assert.deepEqual([charge.kind, charge.amount], ['inbound', -1]);
    const events = await t.services.bus.since(t.seed.businessId, before);
    assert.deepEqual(events.map((event) => event.type), ['message.created', 'thread.updated', 'balance.updated']);
    assert.equal((events[0]!.data as Message).body, 'Do you service water heaters?');
    assert.equal((events[1]!.data as Thread).unreadCount, 1);
  });

  test('refuses a wrong, missing or foreign signature with 403 and stores nothing', async () => {
    const count = await t.services.db.message.count();
    const params = inbound('+17275553002', 'Forged');
    const cases: Array<string | null> = [
      'bm90IGEgc2lnbmF0dXJl',
      null,
      // Signed for another URL (a replay against a different endpoint).
      (await import('../../testing/messaging.ts')).twilioSignatureOf(t.fake!.authToken, `${t.config.publicUrl}${STATUS}`, params),
      // Signed with another account's token.
      (await import('../../testing/messaging.ts')).twilioSignatureOf('another-token', `${t.config.publicUrl}${MESSAGING}`, params),
    ];
    for (const signature of cases) {
      const response = await t.webhook(MESSAGING, params, { signature });
      assert.equal(response.status, 403);
      const body = (await response.json()) as ApiErrorBody;
      assert.equal(body.error.code, 'invalid_signature');
      assert.equal(body.error.details?.field, 'X-Twilio-Signature');
    }
    // A field changed after signing.
    const signed = (await import('../../testing/messaging.ts')).twilioSignatureOf(t.fake!.authToken, `${t.config.publicUrl}${MESSAGING}`, params);
    assert.equal((await t.webhook(MESSAGING, { ...params, Body: 'Tampered' }, { signature: signed })).status, 403);
    assert.equal(await t.services.db.message.count(), count);
  });

  test('a repeated delivery (Twilio retry), even concurrent, stores one message', async () => {
    const params = inbound('+17275553003', 'Hello?');
    const responses = await Promise.all([t.webhook(MESSAGING, params), t.webhook(MESSAGING, params), t.webhook(MESSAGING, params)]);
    for (const response of responses) await expectTwiml(response);
    await expectFiled(await t.webhook(MESSAGING, params));
    assert.equal(await t.services.db.message.count({ where: { carrierSid: params.MessageSid } }), 1);
    assert.equal((await thread('+17275553003')).unreadCount, 1);
    const stored = await t.services.db.message.findUniqueOrThrow({ where: { carrierSid: params.MessageSid } });
    assert.equal(await t.services.db.ledgerEntry.count({ where: { messageId: stored.id } }), 1);
  });

  test('a text to a number that is not a tracking number answers 200 and stores nothing', async () => {
    const count = await t.services.db.message.count();
    await expectFiled(await t.webhook(MESSAGING, { ...inbound('+17275553004', 'Wrong number'), To: '+15005550006' }));
    assert.equal(await t.services.db.message.count(), count);
  });

  test('STOP opts the contact out (sends then refused), START opts back in, HELP changes nothing', async () => {
    const contact = '+17275553005';
    const before = await t.services.bus.latestId(t.seed.businessId);
    await expectFiled(await t.webhook(MESSAGING, inbound(contact, '  stop ')));
    let row = await thread(contact);
    assert.equal(row.contact.optedOut, true);
    assert.ok(row.contact.optedOutAt);
    const events = await t.services.bus.since(t.seed.businessId, before);
    const threadEvent = events.find((event) => event.type === 'thread.updated')!.data as Thread;
    assert.equal(threadEvent.contact.optedOut, true);

    const refused = await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to: contact, body: 'Are you sure?' });
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as ApiErrorBody).error.code, 'recipient_opted_out');

    await expectFiled(await t.webhook(MESSAGING, inbound(contact, 'HELP')));
    assert.equal((await thread(contact)).contact.optedOut, true);
    await expectFiled(await t.webhook(MESSAGING, inbound(contact, 'Start')));
    row = await thread(contact);
    assert.equal(row.contact.optedOut, false);
    assert.equal(row.contact.optedOutAt, null);
    const accepted = await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to: contact, body: 'Welcome back' });
    assert.equal(accepted.status, 202);

    // A sentence containing the word is not a keyword.
    await expectFiled(await t.webhook(MESSAGING, inbound(contact, 'please stop by tomorrow')));
    assert.equal((await thread(contact)).contact.optedOut, false);
  });

  test('inbound MMS: media fetched from Twilio with the account credentials, stored, served by us', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const mediaUrl = t.fake!.addMedia(png, 'image/png');
    const params = inbound('+17275553006', '', { NumMedia: '1', MediaUrl0: mediaUrl, MediaContentType0: 'image/png' });
    await expectFiled(await t.webhook(MESSAGING, params));
    const fetches = t.fake!.requests.filter((request) => request.method === 'GET' && mediaUrl.endsWith(request.path));
    assert.equal(fetches.length, 1);
    assert.deepEqual(fetches[0]!.auth, { username: t.fake!.accountSid, password: t.fake!.authToken });

    const message = await t.services.db.message.findUniqueOrThrow({ where: { carrierSid: params.MessageSid }, include: { media: true } });
    assert.equal(message.cost, 2, 'inbound MMS rate');
    assert.equal(message.media.length, 1);
    assert.equal((await thread('+17275553006')).previewText, 'Photo');
    const media = message.media[0]!;
    assert.equal(media.contentType, 'image/png');
    assert.equal(media.size, png.length);
    const served = await t.app.request(`/media/${media.publicToken}/${media.filename}`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), png);
    assert.equal((await t.app.request(`/media/not-a-token/${media.filename}`)).status, 404);
  });
});

describe('POST /webhooks/twilio/message-status', () => {
  async function sendOne(to: string) {
    const response = await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to, body: 'Status test' });
    assert.equal(response.status, 202);
    const { id } = (await response.json()) as Message;
    return waitFor(async () => {
      const row = await t.services.db.message.findUniqueOrThrow({ where: { id } });
      return row.carrierSid ? row : null;
    }, 8000, 'the fake to accept the send');
  }

  test('the send went through the twilio package to the fake with our status callback', async () => {
    const row = await sendOne('+17275553101');
    const request = t.fake!.messageRequests.find((entry) => entry.form.To === '+17275553101')!;
    assert.equal(request.path, `/2010-04-01/Accounts/${t.fake!.accountSid}/Messages.json`);
    assert.deepEqual(request.auth, { username: t.fake!.accountSid, password: t.fake!.authToken });
    assert.equal(request.form.From, t.seed.usNumber);
    assert.equal(request.form.Body, 'Status test');
    assert.equal(request.form.StatusCallback, `${t.config.publicUrl}${STATUS}?messageId=${row.id}`);
    assert.equal(row.status, 'sending', "Twilio's queued is our sending");
  });

  test('delivered then a late sent: stays delivered, one message.updated per real change', async () => {
    const row = await sendOne('+17275553102');
    const before = await t.services.bus.latestId(t.seed.businessId);
    const query = `messageId=${row.id}`;
    const report = (status: string) => ({ AccountSid: t.fake!.accountSid, MessageSid: row.carrierSid!, MessageStatus: status, SmsStatus: status });
    await expectTwiml(await t.webhook(STATUS, report('delivered'), { query }));
    await expectTwiml(await t.webhook(STATUS, report('sent'), { query }));
    await expectTwiml(await t.webhook(STATUS, report('delivered'), { query }));
    const after = await t.services.db.message.findUniqueOrThrow({ where: { id: row.id } });
    assert.equal(after.status, 'delivered');
    const events = await t.services.bus.since(t.seed.businessId, before);
    assert.deepEqual(events.map((event) => [event.type, (event.data as Message).status]), [['message.updated', 'delivered']]);
  });

  test('failed with an error code: words stored and the charge refunded once', async () => {
    const row = await sendOne('+17275553103');
    const balance = async () => (await t.services.db.business.findUniqueOrThrow({ where: { id: t.seed.businessId } })).balance;
    const start = await balance();
    const report = { MessageSid: row.carrierSid!, MessageStatus: 'failed', ErrorCode: '30007' };
    await expectTwiml(await t.webhook(STATUS, report, { query: `messageId=${row.id}` }));
    await expectTwiml(await t.webhook(STATUS, report, { query: `messageId=${row.id}` }));
    const after = await t.services.db.message.findUniqueOrThrow({ where: { id: row.id } });
    assert.equal(after.status, 'failed');
    assert.equal(after.errorCode, '30007');
    assert.equal(after.errorMessage, 'Carrier filtered as spam');
    assert.equal(await balance(), start + 1);
    assert.equal(await t.services.db.ledgerEntry.count({ where: { messageId: row.id, kind: 'refund' } }), 1);
  });

  test("a report for an unknown SID, or naming someone else's message id, changes nothing", async () => {
    const row = await sendOne('+17275553104');
    await expectTwiml(await t.webhook(STATUS, { MessageSid: sid('SM'), MessageStatus: 'failed', ErrorCode: '30003' }, { query: `messageId=${row.id}` }));
    const after = await t.services.db.message.findUniqueOrThrow({ where: { id: row.id } });
    assert.equal(after.status, 'sending');
  });

  test('422 for a signed report missing MessageSid', async () => {
    const response = await t.webhook(STATUS, { MessageStatus: 'sent' });
    assert.equal(response.status, 422);
    assert.equal(((await response.json()) as ApiErrorBody).error.details?.field, 'MessageSid');
  });
});

describe('voice and recording webhooks', () => {
  const caller = '+17275553201';
  const callReport = (callSid: string, status: string, extra: Record<string, string> = {}) => ({
    AccountSid: t.fake!.accountSid,
    CallSid: callSid,
    From: caller,
    To: t.seed.usNumber,
    Direction: 'inbound',
    CallStatus: status,
    ...extra,
  });

  test('an answered call: ringing, then completed with duration; repeats change nothing', async () => {
    const callSid = sid('CA');
    await expectTwiml(await t.webhook(VOICE, callReport(callSid, 'ringing')));
    let call = await t.services.db.call.findUniqueOrThrow({ where: { carrierSid: callSid } });
    assert.equal(call.status, 'ringing');
    await expectTwiml(await t.webhook(VOICE, callReport(callSid, 'completed', { CallDuration: '95', DialCallStatus: 'completed' })));
    await expectTwiml(await t.webhook(VOICE, callReport(callSid, 'completed', { CallDuration: '95', DialCallStatus: 'completed' })));
    await expectTwiml(await t.webhook(VOICE, callReport(callSid, 'in-progress')));
    call = await t.services.db.call.findUniqueOrThrow({ where: { carrierSid: callSid } });
    assert.equal(call.status, 'answered');
    assert.equal(call.durationSeconds, 95);
    assert.equal(await t.services.db.call.count({ where: { carrierSid: callSid } }), 1);
    assert.equal((await thread(caller)).previewText, 'Call 1:35');
  });

  test('a missed call counts unread; a recording arriving later makes it a voicemail served through us', async () => {
    const callSid = sid('CA');
    const unreadBefore = await t.services.db.thread.findFirst({ where: { contact: { e164: caller } } }).then((row) => row?.unreadCount ?? 0);
    await expectTwiml(await t.webhook(VOICE, callReport(callSid, 'completed', { CallDuration: '30', DialCallStatus: 'no-answer' })));
    let call = await t.services.db.call.findUniqueOrThrow({ where: { carrierSid: callSid } });
    assert.equal(call.status, 'missed');
    assert.equal((await thread(caller)).unreadCount, unreadBefore + 1);

    const audio = Buffer.from('ID3 fake mp3 bytes for the test');
    const recording = t.fake!.addRecording(audio, 'audio/mpeg');
    const before = await t.services.bus.latestId(t.seed.businessId);
    const report = { AccountSid: t.fake!.accountSid, CallSid: callSid, RecordingSid: recording.recordingSid, RecordingUrl: recording.url, RecordingStatus: 'completed', RecordingDuration: '21' };
    await expectTwiml(await t.webhook(RECORDING, report));
    await expectTwiml(await t.webhook(RECORDING, report));
    call = await t.services.db.call.findUniqueOrThrow({ where: { carrierSid: callSid } });
    assert.equal(call.status, 'voicemail');
    assert.equal(call.recordingDurationSeconds, 21);
    assert.equal((await thread(caller)).previewText, 'Voicemail 0:21');
    assert.equal((await thread(caller)).unreadCount, unreadBefore + 1, 'missed then voicemail is one unread item');
    const events = await t.services.bus.since(t.seed.businessId, before);
    assert.deepEqual(events.map((event) => event.type), ['call.updated', 'thread.updated']);
    const dto = events[0]!.data as Call;
    assert.equal(dto.status, 'voicemail');
    assert.ok(dto.recording?.url.startsWith(`${t.config.publicUrl}/recordings/${call.id}?sig=`));

    const served = await t.app.request(dto.recording!.url.slice(t.config.publicUrl.length));
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'audio/mpeg');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), audio);
    const fetch = t.fake!.requests.find((request) => request.path.endsWith(`${recording.recordingSid}.mp3`))!;
    assert.deepEqual(fetch.auth, { username: t.fake!.accountSid, password: t.fake!.authToken });
    assert.equal((await t.app.request(`/recordings/${call.id}?sig=forged`)).status, 404);
    assert.equal((await t.app.request(`/recordings/${call.id}`)).status, 404);
  });

  test('busy and failed calls; the dialled child leg and unknown numbers are ignored', async () => {
    const busy = sid('CA');
    await expectTwiml(await t.webhook(VOICE, callReport(busy, 'busy')));
    assert.equal((await t.services.db.call.findUniqueOrThrow({ where: { carrierSid: busy } })).status, 'busy');
    const failed = sid('CA');
    await expectTwiml(await t.webhook(VOICE, callReport(failed, 'failed')));
    assert.equal((await t.services.db.call.findUniqueOrThrow({ where: { carrierSid: failed } })).status, 'failed');
    const count = await t.services.db.call.count();
    await expectTwiml(await t.webhook(VOICE, callReport(sid('CA'), 'completed', { ParentCallSid: busy, Direction: 'outbound-dial', CallDuration: '40' })));
    await expectTwiml(await t.webhook(VOICE, { ...callReport(sid('CA'), 'completed'), To: '+15005550006' }));
    await expectTwiml(await t.webhook(RECORDING, { CallSid: sid('CA'), RecordingSid: sid('RE'), RecordingUrl: 'https://api.twilio.com/x', RecordingStatus: 'completed' }));
    assert.equal(await t.services.db.call.count(), count);
  });

  test('unsigned call reports are refused', async () => {
    const count = await t.services.db.call.count();
    assert.equal((await t.webhook(VOICE, callReport(sid('CA'), 'ringing'), { signature: null })).status, 403);
    assert.equal((await t.webhook(RECORDING, { CallSid: sid('CA') }, { signature: 'x' })).status, 403);
    assert.equal(await t.services.db.call.count(), count);
  });
});

describe('without TWILIO_AUTH_TOKEN', () => {
  test('every webhook answers 403: nothing can be verified', async () => {
    const bare = await startMessagingTest({ config: { twilioAuthToken: undefined }, services: { worker: false } });
    try {
      const response = await bare.webhook(MESSAGING, { MessageSid: sid('SM'), From: '+17275553301', To: bare.seed.usNumber, Body: 'hi' }, { signature: 'anything' });
      assert.equal(response.status, 403);
      assert.match(((await response.json()) as ApiErrorBody).error.message, /TWILIO_AUTH_TOKEN/);
      assert.equal(await bare.services.db.message.count(), 0);
    } finally {
      await bare.close();
    }
  });
});
