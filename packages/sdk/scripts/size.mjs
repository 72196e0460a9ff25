// Weighs the browser entries as an app would ship them: Vite library mode, minified, gzipped.
// The main entry (`@threadline/sdk`) carries no phone library: its 12 KB gzip target is checked as
// shipped. The phone entry (`@threadline/sdk/phone`, libphonenumber-js with +1 metadata) is weighed
// on its own, and both entries together, as shipped and without the metadata.
// Run: pnpm --filter @threadline/sdk size        (add --check to fail when over the target)
import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const TARGET_GZIP = 12 * 1024;
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const noMetadata = [{ find: /^\.\/nanp-metadata\.ts$/, replacement: here('./size-stubs/phone-metadata.mjs') }];

async function bundle(entry, alias = []) {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias },
    build: {
      write: false,
      lib: { entry: here(entry), formats: ['es'], fileName: 'threadline-sdk' },
      // Vite 8 library mode leaves the ES build unminified unless asked here.
      rolldownOptions: { output: { minify: true } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((output) => output.output);
  const code = outputs.filter((chunk) => chunk.type === 'chunk').map((chunk) => chunk.code).join('\n');
  return { min: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const main = await bundle('../src/index.ts');
const rows = [
  ['@threadline/sdk (src/index.ts)', main],
  ['@threadline/sdk/phone (src/phone/index.ts)', await bundle('../src/phone/index.ts')],
  ['  the same, without phone metadata', await bundle('../src/phone/index.ts', noMetadata)],
  ['both entries in one bundle', await bundle('./size-stubs/browser-all.mjs')],
  ['  the same, without phone metadata', await bundle('./size-stubs/browser-all.mjs', noMetadata)],
];
console.log('@threadline/sdk browser entries, each alone, minified ES module');
for (const [label, size] of rows) console.log(`  ${label.padEnd(46)} ${kb(size.min).padStart(9)} min ${kb(size.gzip).padStart(9)} min+gzip`);
const verdict = main.gzip <= TARGET_GZIP ? 'within' : `over by ${kb(main.gzip - TARGET_GZIP)}`;
console.log(`  target: main entry under ${kb(TARGET_GZIP)} min+gzip: ${verdict}`);
if (process.argv.includes('--check') && main.gzip > TARGET_GZIP) process.exitCode = 1;
