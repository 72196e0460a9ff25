// Prints the size of the widgets' build (widgets + SDK + Lit): each file minified, and minified +
// gzip, then the initial download (dist/threadline-widgets.js, what a page loads first) and every
// file together (the lazily loaded setup panel included), against the 45 KB gzip budget for all of
// it together. With --breakdown, it also attributes the minified bytes to packages through the
// source maps.
// Run `pnpm --filter @threadline/widgets build` first.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_GZIP = 45 * 1024;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const MAIN = 'threadline-widgets.js';

let files;
try {
  files = readdirSync(dist).filter((name) => name.endsWith('.js')).sort((a, b) => (a === MAIN ? -1 : b === MAIN ? 1 : a.localeCompare(b)));
  if (!files.includes(MAIN)) throw new Error('no main bundle');
} catch {
  console.error(`No bundle in ${dist}: run \`pnpm --filter @threadline/widgets build\` first.`);
  process.exit(1);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const sizes = files.map((name) => {
  const code = readFileSync(dist + name);
  return { name, code, min: code.length, gzip: gzipSync(code, { level: 9 }).length, brotli: brotliCompressSync(code).length };
});
const sum = (key) => sizes.reduce((total, size) => total + size[key], 0);
const verdict = (bytes) => (bytes <= BUDGET_GZIP ? 'within' : `over by ${kb(bytes - BUDGET_GZIP)}`);
console.log('dist/ (widgets + SDK + Lit), each file as served');
for (const size of sizes) console.log(`  ${size.name.padEnd(44)} ${kb(size.min).padStart(9)} min ${kb(size.gzip).padStart(9)} min+gzip ${kb(size.brotli).padStart(9)} min+brotli`);
const main = sizes[0];
console.log(`  initial (${MAIN})`.padEnd(46) + `${kb(main.min).padStart(9)} min ${kb(main.gzip).padStart(9)} min+gzip`);
const total = sum('gzip');
console.log(`  all files together`.padEnd(46) + `${kb(sum('min')).padStart(9)} min ${kb(total).padStart(9)} min+gzip ${kb(sum('brotli')).padStart(9)} min+brotli`);
console.log(`  budget ${kb(BUDGET_GZIP)} min+gzip for all files together: ${verdict(total)}`);
if (process.argv.includes('--check') && total > BUDGET_GZIP) process.exitCode = 1;

if (process.argv.includes('--breakdown')) {
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
  for (const { name: file, code } of sizes) {
    const map = JSON.parse(readFileSync(`${dist}${file}.map`, 'utf8'));
    const lines = code.toString('utf8').split('\n');
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
  }
  console.log('\n  by package, all files: minified, and its code gzipped on its own (an upper bound: shared context compresses better)');
  for (const [name, value] of [...bytes].sort((a, b) => b[1] - a[1])) {
    const alone = gzipSync(texts.get(name) ?? '', { level: 9 }).length;
    console.log(`  ${name.padEnd(26)} ${kb(value).padStart(9)}  ${kb(alone).padStart(8)} gzip`);
  }
}
