import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSseParser, type SseMessage } from './sse.ts';

function parse(chunks: string[]) {
  const messages: SseMessage[] = [];
  const retries: number[] = [];
  const parser = createSseParser((message) => messages.push(message), (ms) => retries.push(ms));
  for (const chunk of chunks) parser.feed(chunk);
  return { messages, retries };
}

test('parses the server format, ignoring comments', () => {
  const { messages } = parse([': ping\n\nid: 7\nevent: message.created\ndata: {"a":1}\n\n']);
  assert.deepEqual(messages, [{ id: '7', event: 'message.created', data: '{"a":1}' }]);
});

test('survives chunk boundaries anywhere, including inside a CRLF', () => {
  const text = 'id: 1\r\nevent: x\r\ndata: one\r\ndata: two\r\n\r\nid: 2\rdata: three\r\r';
  const whole = parse([text]).messages;
  for (let size = 1; size < 6; size++) {
    const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;
    assert.deepEqual(parse(chunks).messages, whole, `chunk size ${size}`);
  }
  assert.deepEqual(whole, [
    { id: '1', event: 'x', data: 'one\ntwo' },
    { id: '2', event: 'message', data: 'three' },
  ]);
});

test('reads retry, fields without a value, and skips events without data', () => {
  const { messages, retries } = parse(['retry: 1500\nevent: empty\n\ndata\n\ndata:no-space\n\n']);
  assert.deepEqual(retries, [1500]);
  assert.deepEqual(messages, [
    { id: undefined, event: 'message', data: '' },
    { id: undefined, event: 'message', data: 'no-space' },
  ]);
});
