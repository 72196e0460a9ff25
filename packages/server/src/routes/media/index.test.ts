// POST /v1/media and GET /media/:token/:filename through the real app, and MMS sends with the
// uploads reaching Twilio (the real twilio package against TwilioFake) as public media URLs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiErrorBody, Media, Message } from '@threadline/sdk';
import { samplePng } from '../../domain/media/samples.ts';
import { seedBusiness, tokenFor } from '../../testing/harness.ts';
import { startMessagingTest, waitFor, type MessagingTest } from '../../testing/messaging.ts';

let t: MessagingTest;
before(async () => {
  t = await startMessagingTest({ twilio: true, balance: 1000 });
});
after(async () => {
  await t.close();
});

async function upload(bytes: Uint8Array, type: string, filename: string, role: 'owner' | 'viewer' = 'owner', field = 'file') {
  const form = new FormData();
  form.append(field, new File([Buffer.from(bytes)], filename, { type }));
  return t.app.request('/v1/media', { method: 'POST', headers: { authorization: `Bearer ${await t.token(role)}` }, body: form });
}

async function expectError(response: Response, status: number, code: string, field: string) {
  const body = (await response.json()) as ApiErrorBody;
  assert.equal(response.status, status, JSON.stringify(body));
  assert.equal(body.error.code, code);
  assert.equal(body.error.details?.field, field);
}

describe('POST /v1/media', () => {
  test('stores an image and serves it at its unguessable URL with safe headers', async () => {
    const png = samplePng();
    const response = await upload(png, 'image/png', '../../etc/Job site.png');
    assert.equal(response.status, 201);
    const media = (await response.json()) as Media;
    assert.equal(media.contentType, 'image/png');
    assert.equal(media.filename, 'Job site.png', 'folders are stripped from the name');
    assert.equal(media.size, png.length);
    const url = new URL(media.url);
    assert.equal(url.origin, t.config.publicUrl);
    const token = url.pathname.split('/')[2]!;
    assert.ok(token.length >= 32, 'the token is long enough to be unguessable');

    const served = await t.app.request(url.pathname);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.match(served.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.match(served.headers.get('content-disposition') ?? '', /^inline/);
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), png);
  });

  test('415 for types carriers do not deliver or a browser would run (HTML, SVG); nothing stored', async () => {
    const count = await t.services.db.media.count();
    await expectError(await upload(Buffer.from('<script>alert(1)</script>'), 'text/html', 'x.html'), 415, 'unsupported_media_type', 'file');
    await expectError(await upload(Buffer.from('<svg/>'), 'image/svg+xml', 'x.svg'), 415, 'unsupported_media_type', 'file');
    await expectError(await upload(Buffer.from('MZ'), 'application/x-msdownload', 'x.exe'), 415, 'unsupported_media_type', 'file');
    assert.equal(await t.services.db.media.count(), count);
  });

  test('413 above 5 MB, 422 without a file or with an empty one, 403 for a viewer', async () => {
    const count = await t.services.db.media.count();
    await expectError(await upload(new Uint8Array(5 * 1024 * 1024 + 1), 'image/jpeg', 'big.jpg'), 413, 'payload_too_large', 'file');
    await expectError(await upload(new Uint8Array(6 * 1024 * 1024), 'image/jpeg', 'bigger.jpg'), 413, 'payload_too_large', 'file');
    await expectError(await upload(samplePng(), 'image/png', 'a.png', 'owner', 'attachment'), 422, 'invalid_request', 'file');
    await expectError(await upload(new Uint8Array(0), 'image/png', 'empty.png'), 422, 'invalid_request', 'file');
    const viewer = await upload(samplePng(), 'image/png', 'a.png', 'viewer');
    assert.equal(viewer.status, 403);
    const notForm = await t.request('POST', '/v1/media', { file: 'x' });
    assert.ok(notForm.status >= 400 && notForm.status < 500, `JSON body -> ${notForm.status}`);
    assert.equal(await t.services.db.media.count(), count);
  });
});

describe('sending media', () => {
  test('an MMS carries the public media URLs to Twilio and is billed at the MMS rate', async () => {
    const first = (await (await upload(samplePng(), 'image/png', 'front.png')).json()) as Media;
    const second = (await (await upload(Buffer.from('%PDF-1.4 test'), 'application/pdf', 'estimate.pdf')).json()) as Media;
    const response = await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to: '+17275554001', body: 'Photos and the estimate', mediaIds: [first.id, second.id] });
    assert.equal(response.status, 202);
    const message = (await response.json()) as Message;
    assert.equal(message.cost, 3);
    assert.deepEqual(message.media.map((media) => media.id), [first.id, second.id]);
    const sent = await waitFor(async () => t.fake!.messages.find((entry) => entry.to === '+17275554001'), 8000, 'the MMS at the fake');
    assert.deepEqual(sent.mediaUrls, [first.url, second.url]);
    // The URL the carrier was given serves the bytes without credentials.
    const served = await t.app.request(new URL(sent.mediaUrls[1]!).pathname);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'application/pdf');
  });

  test('an attachment can be sent twice: the second message gets its own copy', async () => {
    const media = (await (await upload(samplePng(), 'image/png', 'again.png')).json()) as Media;
    const one = (await (await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to: '+17275554002', body: '', mediaIds: [media.id] })).json()) as Message;
    const two = (await (await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to: '+17275554003', body: '', mediaIds: [media.id] })).json()) as Message;
    assert.equal(one.media[0]!.id, media.id);
    assert.notEqual(two.media[0]!.id, media.id);
    assert.notEqual(two.media[0]!.url, one.media[0]!.url);
    assert.equal((await t.app.request(new URL(two.media[0]!.url).pathname)).status, 200);
  });

  test('422 when the attachments add up to more than 5 MB, and for another business\'s upload', async () => {
    const big = (await (await upload(new Uint8Array(3 * 1024 * 1024), 'image/jpeg', 'a.jpg')).json()) as Media;
    const bigger = (await (await upload(new Uint8Array(3 * 1024 * 1024), 'image/jpeg', 'b.jpg')).json()) as Media;
    const count = await t.services.db.message.count();
    const response = await t.request('POST', '/v1/messages', { from: t.seed.usNumberId, to: '+17275554004', body: 'Both', mediaIds: [big.id, bigger.id] });
    const body = (await response.json()) as ApiErrorBody;
    assert.equal(response.status, 422);
    assert.equal(body.error.details?.field, 'mediaIds');

    const other = await seedBusiness(t.database.url, 'Other Co', 100);
    const otherToken = await tokenFor(t.config, other.businessId, 'owner');
    const theirs = await t.app.request('/v1/messages', {
      method: 'POST',
      headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: other.usNumberId, to: '+17275554005', body: 'x', mediaIds: [big.id] }),
    });
    assert.equal(theirs.status, 422);
    assert.equal(((await theirs.json()) as ApiErrorBody).error.details?.field, 'mediaIds.0');
    assert.equal(await t.services.db.message.count(), count);
  });
});
