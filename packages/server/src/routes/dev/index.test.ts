// POST /v1/dev/inbound-sms and POST /v1/dev/calls: simulated texts and calls through the same
// domain functions as the webhooks, tenant-scoped, and absent when dev endpoints are off.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiErrorBody, Call, Message } from '@threadline/sdk';
import { seedBusiness } from '../../testing/harness.ts';
import { startMessagingTest, type MessagingTest } from '../../testing/messaging.ts';

let t: MessagingTest;
before(async () => {
  t = await startMessagingTest({ services: { worker: false } });
});
after(async () => {
  await t.close();
});

describe('POST /v1/dev/inbound-sms', () => {
  test('delivers a text with sample media, unread, charged; any role may', async () => {
    const response = await t.request(
      'POST',
      '/v1/dev/inbound-sms',
      { to: t.seed.usNumber, from: '(727) 555-5001', body: 'Here is the leak', media: [{ sample: 'image' }, { sample: 'video' }] },
      'viewer',
    );
    assert.equal(response.status, 201, await response.clone().text());
    const message = (await response.json()) as Message;
    assert.equal(message.direction, 'inbound');
    assert.equal(message.from, '+17275555001');
    assert.equal(message.status, 'received');
    assert.deepEqual(message.media.map((media) => media.contentType), ['image/png', 'video/mp4']);
    assert.equal(message.cost, 2);
    const image = await t.app.request(new URL(message.media[0]!.url).pathname);
    assert.equal(image.status, 200);
    assert.deepEqual([...new Uint8Array(await image.arrayBuffer()).slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const video = await t.app.request(new URL(message.media[1]!.url).pathname);
    assert.equal(Buffer.from(await video.arrayBuffer()).subarray(4, 8).toString('latin1'), 'ftyp');
    const thread = await t.services.db.thread.findUniqueOrThrow({ where: { id: message.threadId } });
    assert.equal(thread.unreadCount, 1);
  });

  test('inline base64 media and the tracking number id; STOP opts out like the webhook', async () => {
    const response = await t.request('POST', '/v1/dev/inbound-sms', {
      to: t.seed.caNumberId,
      from: '+14165555002',
      body: 'STOP',
      media: [{ contentType: 'text/vcard', filename: 'me.vcf', dataBase64: Buffer.from('BEGIN:VCARD\nEND:VCARD\n').toString('base64') }],
    });
    assert.equal(response.status, 201);
    const contact = await t.services.db.contact.findFirstOrThrow({ where: { businessId: t.seed.businessId, e164: '+14165555002' } });
    assert.equal(contact.optedOut, true);
  });

  test('422/415/413 name the field; another business\'s number reads as unknown; nothing stored', async () => {
    const other = await seedBusiness(t.database.url, 'Other', 100);
    const count = await t.services.db.message.count();
    const cases: Array<[unknown, number, string]> = [
      [{ to: other.usNumber, from: '+17275555003', body: 'x' }, 422, 'to'],
      [{ to: other.usNumberId, from: '+17275555003', body: 'x' }, 422, 'to'],
      [{ to: t.seed.usNumber, from: 'nobody', body: 'x' }, 422, 'from'],
      [{ to: t.seed.usNumber, from: '+17275555003', body: '' }, 422, 'body'],
      [{ to: t.seed.usNumber, from: '+17275555003', media: [{ sample: 'gif' }] }, 422, 'media.0'],
      [{ to: t.seed.usNumber, from: '+17275555003', media: [{ contentType: 'text/html', dataBase64: 'PGI+' }] }, 415, 'media.0'],
      [{ to: t.seed.usNumber, from: '+17275555003', media: [{ contentType: 'image/png', dataBase64: '***' }] }, 422, 'media.0.dataBase64'],
      [{ to: t.seed.usNumber, from: '+17275555003', media: [{ contentType: 'image/jpeg', dataBase64: Buffer.alloc(5 * 1024 * 1024 + 10).toString('base64') }] }, 413, 'media.0'],
    ];
    for (const [body, status, field] of cases) {
      const response = await t.request('POST', '/v1/dev/inbound-sms', body);
      const answer = (await response.json()) as ApiErrorBody;
      assert.equal(response.status, status, JSON.stringify([body, answer]).slice(0, 300));
      assert.equal(answer.error.details?.field, field, JSON.stringify(answer));
    }
    assert.equal(await t.services.db.message.count(), count);
  });
});

describe('POST /v1/dev/calls', () => {
  test('each outcome is stored as itself; a voicemail has a recording that plays', async () => {
    for (const outcome of ['answered', 'missed', 'voicemail', 'failed', 'busy'] as const) {
      const response = await t.request('POST', '/v1/dev/calls', { to: t.seed.usNumber, from: '+17275555101', outcome, durationSeconds: 12 });
      assert.equal(response.status, 201, await response.clone().text());
      const call = (await response.json()) as Call;
      assert.equal(call.status, outcome);
      assert.equal(call.direction, 'inbound');
      if (outcome === 'voicemail') {
        assert.equal(call.recording?.durationSeconds, 12);
        const audio = await t.app.request(call.recording!.url.slice(t.config.publicUrl.length));
        assert.equal(audio.status, 200);
        assert.equal(audio.headers.get('content-type'), 'audio/wav');
        const bytes = Buffer.from(await audio.arrayBuffer());
        assert.equal(bytes.subarray(0, 4).toString('latin1'), 'RIFF');
        assert.equal(bytes.length, 44 + 12 * 8000, 'twelve seconds of 8 kHz audio');
      } else {
        assert.equal(call.recording, null);
      }
    }
    const thread = await t.services.db.thread.findFirstOrThrow({ where: { contact: { e164: '+17275555101' } } });
    assert.equal(thread.unreadCount, 2, 'the missed call and the voicemail need attention');
    assert.equal(thread.previewText, 'Busy');
  });

  test('an answered call can be recorded; bad input is 422 naming the field', async () => {
    const recorded = (await (await t.request('POST', '/v1/dev/calls', { to: t.seed.usNumberId, from: '+17275555102', outcome: 'answered', recording: true })).json()) as Call;
    assert.equal(recorded.status, 'answered');
    assert.ok(recorded.recording);
    for (const [body, field] of [
      [{ to: t.seed.usNumber, from: '+17275555102', outcome: 'hung-up' }, 'outcome'],
      [{ to: t.seed.usNumber, from: '+17275555102', outcome: 'missed', durationSeconds: -1 }, 'durationSeconds'],
      [{ to: '+19995550000', from: '+17275555102', outcome: 'missed' }, 'to'],
    ] as const) {
      const response = await t.request('POST', '/v1/dev/calls', body);
      assert.equal(response.status, 422);
      assert.equal(((await response.json()) as ApiErrorBody).error.details?.field, field);
    }
  });
});

describe('with dev endpoints off', () => {
  test('the routes do not exist', async () => {
    const off = await startMessagingTest({ config: { devEndpoints: false }, services: { worker: false } });
    try {
      const response = await off.request('POST', '/v1/dev/calls', { to: off.seed.usNumber, from: '+17275555201', outcome: 'missed' });
      assert.equal(response.status, 404);
      assert.equal(await off.services.db.call.count(), 0);
    } finally {
      await off.close();
    }
  });
});
