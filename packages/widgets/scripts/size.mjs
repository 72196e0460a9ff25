// Prints the size of the widgets' build (widgets + SDK + Lit): each file minified, and minified +
// gzip, then the initial download (dist/threadline-widgets.js: every element but the setup panel,
// with the SDK and Lit) and every file together (the lazily loaded setup panel included), each
// against the 45 KB gzip budget. --check fails when the initial download is over it. With --breakdown, it also attributes the code to packages (or, with --files, to source
// files) through the source maps, and prints what each one costs: the gzip bytes the whole build
// would lose without it. Lines a map leaves unmapped (the inside of multi-line templates) count for
// the source mapped before them.
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
console.log(`  budget ${kb(BUDGET_GZIP)} min+gzip: initial ${verdict(main.gzip)}; all files together ${verdict(total)}`);
if (process.argv.includes('--check') && main.gzip > BUDGET_GZIP) process.exitCode = 1;

if (process.argv.includes('--breakdown')) {
  const byFile = process.argv.includes('--files');
  const owner = (source) => {
    const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)(\/.*)?/.exec(source);
    if (match) return byFile ? match[1] + (match[2] ?? '') : match[1];
    if (byFile) return source.replace(/^(\.\.\/)+/, '');
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
  // Every byte of every file, in order, as [owner, text] pieces.
  const pieces = [];
  for (const { name: file, code } of sizes) {
    const map = JSON.parse(readFileSync(`${dist}${file}.map`, 'utf8'));
    const lines = code.toString('utf8').split('\n');
    const mapped = map.mappings.split(';');
    let source = 0;
    let current = '(bundler)';
    lines.forEach((text, lineIndex) => {
      const segments = mapped[lineIndex] ? mapped[lineIndex].split(',').map(decode) : [];
      let column = 0;
      if (segments.length === 0 || segments[0][0] > 0) pieces.push([current, text.slice(0, segments[0]?.[0] ?? text.length)]);
      segments.forEach((segment, index) => {
        column += segment[0];
        if (segment.length > 1) {
          source += segment[1];
          current = owner(map.sources[source]);
        }
        const next = index + 1 < segments.length ? column + segments[index + 1][0] : text.length;
        pieces.push([current, text.slice(column, next)]);
      });
      pieces.push([current, '\n']);
    });
  }
  const gzip = (text) => gzipSync(text, { level: 9 }).length;
  const whole = gzip(pieces.map((piece) => piece[1]).join(''));
  const rows = [...new Set(pieces.map((piece) => piece[0]))].map((name) => {
    const own = pieces.filter((piece) => piece[0] === name).reduce((total, piece) => total + piece[1].length, 0);
    const without = gzip(pieces.filter((piece) => piece[0] !== name).map((piece) => piece[1]).join(''));
    return { name, min: own, cost: whole - without };
  });
  console.log(`\n  by ${byFile ? 'source file' : 'package'}: minified bytes, and gzip bytes the build would lose without it`);
  for (const row of rows.sort((a, b) => b.cost - a.cost)) {
    console.log(`  ${row.name.padEnd(byFile ? 60 : 26)} ${kb(row.min).padStart(9)} min ${kb(row.cost).padStart(8)} gzip`);
  }
}
