// Sample attachments and recordings for the simulator and the demo, generated in code so the repo
// carries no binary blobs (except one tiny video clip, which cannot be made without an encoder).
import { readFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import type { IncomingFile } from './index.ts';

/** The kinds of sample attachment the dev endpoints can inject. */
export type SampleKind = 'image' | 'audio' | 'video' | 'file';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A 160×120 RGB PNG with a diagonal gradient: recognisably an image in a timeline. */
export function samplePng(width = 160, height = 120): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour, deflate, no filter method, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const start = y * (width * 3 + 1);
    rows[start] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const offset = start + 1 + x * 3;
      rows[offset] = Math.round(40 + (180 * x) / width);
      rows[offset + 1] = Math.round(90 + (120 * y) / height);
      rows[offset + 2] = 200;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A mono 8 kHz 8-bit PCM WAV: short tones separated by quiet, like a voicemail's cadence.
 * Capped at ten minutes so a bad duration cannot allocate without bound.
 */
export function sampleWav(seconds = 2): Buffer {
  const rate = 8000;
  const samples = Math.max(1, Math.round(Math.min(Math.max(seconds, 0.1), 600) * rate));
  const data = Buffer.alloc(samples);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const voiced = t % 1.2 < 0.8;
    const tone = Math.sin(2 * Math.PI * 220 * t) * 0.5 + Math.sin(2 * Math.PI * 330 * t) * 0.25;
    data[i] = 128 + Math.round(voiced ? tone * 60 : 0);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // PCM chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28); // byte rate
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, data]);
}

/** A one-page PDF saying what it is, with a correct cross-reference table. */
export function samplePdf(text = 'Threadline sample attachment'): Buffer {
  const safe = text.replace(/[()\\]/g, '');
  const stream = `BT /F1 18 Tf 72 720 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

let clip: Buffer | null = null;

/** A one-second silent H.264 MP4 (made with ffmpeg's test source; see samples/README.md). */
export function sampleMp4(): Buffer {
  clip ??= readFileSync(new URL('./samples/clip.mp4', import.meta.url));
  return clip;
}

/** A sample attachment of a kind, ready to store as inbound media. */
export function sampleMedia(kind: SampleKind): IncomingFile {
  switch (kind) {
    case 'image':
      return { filename: 'photo.png', contentType: 'image/png', bytes: samplePng() };
    case 'audio':
      return { filename: 'voice-note.wav', contentType: 'audio/wav', bytes: sampleWav(3) };
    case 'video':
      return { filename: 'clip.mp4', contentType: 'video/mp4', bytes: sampleMp4() };
    case 'file':
      return { filename: 'estimate.pdf', contentType: 'application/pdf', bytes: samplePdf('Estimate #1042: water heater replacement') };
  }
}
