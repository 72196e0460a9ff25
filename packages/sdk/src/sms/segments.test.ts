import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { smsSegments } from './segments.ts';
import { splitGraphemes } from './graphemes.ts';

// Twilio's own calculator is the oracle; it is a devDependency and never shipped.
const require = createRequire(import.meta.url);
const { SegmentedMessage } = require('sms-segments-calculator') as typeof import('sms-segments-calculator');
const GraphemeSplitter = createRequire(require.resolve('sms-segments-calculator'))('grapheme-splitter');

function oracle(body: string) {
  const message = new SegmentedMessage(body);
  return {
    encoding: message.encodingName,
    segments: message.segmentsCount,
    characters: message.numberOfCharacters,
    unicodeCharacters: [...new Set(message.getNonGsmCharacters())],
  };
}

function assertMatchesOracle(body: string) {
  assert.deepEqual(smsSegments(body), oracle(body), `body: ${JSON.stringify(body)}`);
}

// A small seeded generator so a failure reproduces.
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOLS = {
  gsm: [...'abcXYZ 0129.,!?@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉÄÖÑÜ§¿äöñüà\n\r'],
  extension: [...'^{}\\[~]|€\f'],
  latin1: [...'áâãçêëíîïðóôõúûýþÿ`¢¨©«®°±²µ¶·¸»¼½¾×÷'],
  emoji: ['😀', '👍', '👍🏽', '👨‍👩‍👧', '❤️', '🇺🇸', '🇨🇦', '1️⃣', '🏳️‍🌈', '👩🏾‍💻', '🔥', '✅', '🏽', '\u200d', '\ufe0f'],
  cjk: [...'你好世界中文漢字日本語한국어カタカナ'],
  other: ['\u0301', 'e\u0301', '\r\n', '\ud83d', '\ude00', '\u0915\u094d\u0937', '\u0e01\u0e33', '\u1100\u1161\u11a8'],
};

test('matches the oracle at the GSM-7, UCS-2 and extension boundaries', () => {
  const bodies = [''];
  for (const n of [1, 69, 70, 71, 134, 135, 152, 153, 154, 159, 160, 161, 305, 306, 307, 459, 460, 461]) {
    bodies.push('a'.repeat(n), '€'.repeat(n), 'a'.repeat(n - 1) + '€', 'a'.repeat(Math.max(0, n - 2)) + '€a');
    bodies.push('你'.repeat(n), 'a'.repeat(n - 1) + '你', '😀'.repeat(Math.ceil(n / 2)), 'a'.repeat(n) + '😀');
    bodies.push('a'.repeat(n - 1) + '😀', 'a'.repeat(Math.max(0, n - 2)) + '😀b', '你'.repeat(n - 1) + '👨‍👩‍👧');
    bodies.push('^'.repeat(n), '\f'.repeat(n), '\r\n'.repeat(n), 'a\r\n'.repeat(n));
  }
  for (const body of bodies) assertMatchesOracle(body);
});

test('matches the oracle on a few thousand random bodies', () => {
  const next = random(20240611);
  const pools = Object.values(POOLS);
  for (let i = 0; i < 4000; i++) {
    // Mostly GSM so that GSM-7 bodies near the boundaries are common, with a mix otherwise.
    const weights = pools.map(() => next());
    const gsmOnly = next() < 0.4;
    const length = Math.floor(next() * (next() < 0.5 ? 180 : 480));
    let body = '';
    while (body.length < length) {
      const pool = gsmOnly
        ? next() < 0.9 ? POOLS.gsm : POOLS.extension
        : pools[weights.indexOf(Math.max(...weights.map((w) => w * next())))] ?? POOLS.gsm;
      body += pool[Math.floor(next() * pool.length)];
    }
    assertMatchesOracle(body);
  }
});

test('splits graphemes exactly as grapheme-splitter does, across all planes', () => {
  const splitter = new GraphemeSplitter();
  const next = random(7);
  for (let i = 0; i < 3000; i++) {
    let body = '';
    const length = 1 + Math.floor(next() * 24);
    for (let j = 0; j < length; j++) {
      const roll = next();
      const code =
        roll < 0.3 ? 0x1f000 + Math.floor(next() * 0xc00)
        : roll < 0.5 ? Math.floor(next() * 0x3000)
        : roll < 0.6 ? 0x1100 + Math.floor(next() * 0x100)
        : roll < 0.7 ? 0xac00 + Math.floor(next() * 0x2c00)
        : roll < 0.8 ? [0x200d, 0xfe0f, 0x1f3fb, 0x0d, 0x0a, 0x1f1fa, 0x1f1f8, 0x0600, 0x0903][Math.floor(next() * 9)]!
        : Math.floor(next() * 0x110000);
      body += String.fromCodePoint(code);
    }
    const expected = (splitter.splitGraphemes(body) as string[]).flatMap((g) => (g === '\r\n' ? ['\r', '\n'] : [g]));
    assert.deepEqual(splitGraphemes(body), expected, `body: ${JSON.stringify(body)}`);
  }
});

test('reports the characters that forced UCS-2 once each, in order', () => {
  assert.deepEqual(smsSegments('Olá 👍 olá 👍🏽 ✅').unicodeCharacters, ['á', '👍', '👍🏽', '✅']);
  assert.deepEqual(smsSegments('Plain text').unicodeCharacters, []);
});

test('counts the documented limits', () => {
  assert.deepEqual(smsSegments(''), { encoding: 'GSM-7', segments: 1, characters: 0, unicodeCharacters: [] });
  assert.equal(smsSegments('a'.repeat(160)).segments, 1);
  assert.equal(smsSegments('a'.repeat(161)).segments, 2);
  assert.equal(smsSegments('a'.repeat(306)).segments, 2);
  assert.equal(smsSegments('a'.repeat(307)).segments, 3);
  assert.equal(smsSegments('€'.repeat(80)).characters, 160);
  assert.equal(smsSegments('€'.repeat(80)).segments, 1);
  assert.equal(smsSegments('你'.repeat(70)).segments, 1);
  assert.equal(smsSegments('你'.repeat(71)).segments, 2);
  // 66 units + a surrogate pair: the pair moves whole to the second part.
  assert.equal(smsSegments('你'.repeat(66) + '😀' + '你'.repeat(3)).segments, 2);
});
