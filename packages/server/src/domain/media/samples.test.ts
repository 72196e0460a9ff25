// Generated samples must be real files a browser can open, not placeholders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inflateSync, crc32 } from 'node:zlib';
import { samplePdf, samplePng, sampleWav, sampleMp4 } from './samples.ts';

test('the PNG has valid chunks (CRCs) and decodes to the stated size', () => {
  const png = samplePng(20, 10);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  const chunks: Record<string, Buffer> = {};
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('ascii');
    const data = png.subarray(offset + 8, offset + 8 + length);
    assert.equal(png.readUInt32BE(offset + 8 + length), crc32(png.subarray(offset + 4, offset + 8 + length)), `${type} CRC`);
    chunks[type] = data;
    offset += 12 + length;
  }
  assert.equal(chunks.IHDR!.readUInt32BE(0), 20);
  assert.equal(chunks.IHDR!.readUInt32BE(4), 10);
  assert.equal(inflateSync(chunks.IDAT!).length, (20 * 3 + 1) * 10);
  assert.ok('IEND' in chunks);
});

test('the WAV header matches its data', () => {
  const wav = sampleWav(1.5);
  assert.equal(wav.subarray(0, 4).toString('latin1'), 'RIFF');
  assert.equal(wav.readUInt32LE(4), wav.length - 8);
  assert.equal(wav.readUInt32LE(24), 8000);
  assert.equal(wav.readUInt32LE(40), 12000);
  assert.equal(sampleWav(10_000).readUInt32LE(40), 600 * 8000, 'capped at ten minutes');
});

test('the PDF cross-reference offsets point at their objects', () => {
  const pdf = samplePdf('Estimate (draft)').toString('latin1');
  const xref = Number(pdf.match(/startxref\n(\d+)/)![1]);
  assert.ok(pdf.slice(xref).startsWith('xref'));
  const offsets = [...pdf.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
  assert.equal(offsets.length, 5);
  offsets.forEach((offset, index) => assert.ok(pdf.slice(offset).startsWith(`${index + 1} 0 obj`), `object ${index + 1}`));
});

test('the video sample is an MP4', () => {
  assert.equal(sampleMp4().subarray(4, 8).toString('latin1'), 'ftyp');
});
