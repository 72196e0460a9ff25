// Prints the size of the library bundle (widgets + SDK + Lit in one file): minified, and
// minified + gzip, against the 45 KB gzip budget. With --breakdown, it also attributes the
// minified bytes to packages through the source map.
// Run `pnpm --filter @threadline/widgets build` first.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_GZIP = 45 * 1024;
const bundlePath = fileURLToPath(new URL('../dist/threadline-widgets.js', import.meta.url));

let code;
try {
  code = readFileSync(bundlePath);
} catch {
  console.error(`No bundle at ${bundlePath}: run \`pnpm --filter @threadline/widgets build\` first.`);
  process.exit(1);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const gzip = gzipSync(code, { level: 9 }).length;
const brotli = brotliCompressSync(code).length;
console.log(`dist/threadline-widgets.js (widgets + SDK + Lit)`);
console.log(`  min          ${kb(code.length)}`);
console.log(`  min + gzip   ${kb(gzip)}   (budget ${kb(BUDGET_GZIP)}: ${gzip <= BUDGET_GZIP ? 'within' : `over by ${kb(gzip - BUDGET_GZIP)}`})`);
console.log(`  min + brotli ${kb(brotli)}`);

if (process.argv.includes('--breakdown')) {
  const map = JSON.parse(readFileSync(`${bundlePath}.map`, 'utf8'));
  const lines = code.toString('utf8').split('\n');
  const owner = (source) => {
    const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(source);
    if (match) return match[1];
    if (/(^|\/)sdk\/src\//.test(source)) return '@threadline/sdk';
    return '@threadline/widgets';
  };
  // Source-map VLQ: each segment's first field is the generated column, the second the source index delta.
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const decode = (segment) => {
    const values = [];
    let value = 0;
    let shift = 0;
    for (const char of segment) {
      const digit = chars.indexOf(char);
      value += (digit & 31) << shift;
      if (digit & 32) shift += 5;
      else {
        values.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
    }
    return values;
  };
  const bytes = new Map();
  const texts = new Map();
  let source = 0;
  map.mappings.split(';').forEach((line, lineIndex) => {
    let column = 0;
    const segments = line ? line.split(',').map(decode) : [];
    const lineLength = lines[lineIndex]?.length ?? 0;
    segments.forEach((segment, index) => {
      column += segment[0];
      if (segment.length > 1) source += segment[1];
      let next = lineLength;
      if (index + 1 < segments.length) next = column + segments[index + 1][0];
      const name = segment.length > 1 ? owner(map.sources[source]) : '(bundler)';
      bytes.set(name, (bytes.get(name) ?? 0) + Math.max(0, next - column));
      texts.set(name, (texts.get(name) ?? '') + (lines[lineIndex] ?? '').slice(column, next));
    });
  });
  console.log('\n  by package: minified, and its code gzipped on its own (an upper bound: shared context compresses better)');
  for (const [name, value] of [...bytes].sort((a, b) => b[1] - a[1])) {
    const alone = gzipSync(texts.get(name) ?? '', { level: 9 }).length;
    console.log(`  ${name.padEnd(26)} ${kb(value).padStart(9)}  ${kb(alone).padStart(8)} gzip`);
  }
}
