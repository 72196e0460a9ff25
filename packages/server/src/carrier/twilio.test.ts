// The Twilio carrier is the official `twilio` package; only its network edge points at TwilioFake.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CarrierError } from './index.ts';
import { TwilioCarrier } from './twilio.ts';
import { TwilioFake } from '../testing/twilio-fake.ts';

let fake: TwilioFake;
let carrier: TwilioCarrier;
before(async () => {
  fake = await TwilioFake.start();
  carrier = new TwilioCarrier({ twilioAccountSid: fake.accountSid, twilioAuthToken: fake.authToken, twilioApiBaseUrl: fake.url });
});
after(async () => {
  await carrier.close();
  await fake.close();
});

const outbound = {
  messageId: 'msg_1',
  from: '+18135550100',
  to: '+17275550199',
  body: 'Your technician is on the way.',
  mediaUrls: [] as string[],
  statusCallbackUrl: 'https://example.test/webhooks/twilio/message-status?messageId=msg_1',
};

describe('TwilioCarrier.sendMessage', () => {
  test("posts Messages.json with Basic auth and Twilio's field names; queued reads as sending", async () => {
    const result = await carrier.sendMessage({ ...outbound, mediaUrls: ['https://example.test/media/a/photo.png', 'https://example.test/media/b/doc.pdf'] });
    assert.match(result.sid, /^MM[0-9a-f]{32}$/);
    assert.equal(result.status, 'sending');
    const request = fake.messageRequests.at(-1)!;
    assert.equal(request.path, `/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);
    assert.deepEqual(request.auth, { username: fake.accountSid, password: fake.authToken });
    assert.equal(request.form.From, outbound.from);
    assert.equal(request.form.To, outbound.to);
    assert.equal(request.form.Body, outbound.body);
    assert.equal(request.form.StatusCallback, outbound.statusCallbackUrl);
    assert.deepEqual(request.form.MediaUrl, ['https://example.test/media/a/photo.png', 'https://example.test/media/b/doc.pdf']);
  });

  test('an MMS without text sends no Body field', async () => {
    await carrier.sendMessage({ ...outbound, body: '', mediaUrls: ['https://example.test/media/a/photo.png'] });
    assert.equal(fake.messageRequests.at(-1)!.form.Body, undefined);
  });

  test('4xx is a final CarrierError with the Twilio code; 5xx and 429 are retryable', async () => {
    fake.failNext({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    await assert.rejects(carrier.sendMessage(outbound), (error: unknown) => {
      assert.ok(error instanceof CarrierError);
      assert.equal(error.code, '21610');
      assert.equal(error.retryable, false);
      assert.match(error.message, /unsubscribed/);
      return true;
    });
    for (const status of [500, 503, 429]) {
      fake.failNext({ status, code: 20000 + status });
      await assert.rejects(carrier.sendMessage(outbound), (error: unknown) => error instanceof CarrierError && error.retryable && error.code === String(20000 + status));
    }
  });
});

describe('TwilioCarrier.fetchMedia', () => {
  test('downloads with the account credentials', async () => {
    const url = fake.addMedia(Buffer.from('GIF89a-bytes'), 'image/gif');
    const media = await carrier.fetchMedia(url);
    assert.equal(media.contentType, 'image/gif');
    assert.equal(Buffer.from(media.bytes).toString(), 'GIF89a-bytes');
    assert.deepEqual(fake.requests.at(-1)!.auth, { username: fake.accountSid, password: fake.authToken });
  });

  test("never sends the credentials anywhere but Twilio's API host", async () => {
    const count = fake.requests.length;
    for (const url of ['https://evil.example/steal', 'http://api.twilio.com/2010-04-01/x', 'https://api.twilio.com.evil.example/x']) {
      await assert.rejects(carrier.fetchMedia(url), (error: unknown) => error instanceof CarrierError && !error.retryable);
    }
    assert.equal(fake.requests.length, count);
  });

  test('a missing file is a final error; a carrier outage is retryable', async () => {
    await assert.rejects(carrier.fetchMedia(`https://api.twilio.com/2010-04-01/Accounts/${fake.accountSid}/Messages/MMx/Media/MEx`), (error: unknown) => {
      return error instanceof CarrierError && error.code === 'http-404' && !error.retryable;
    });
  });
});
