// Weighs the browser entry as an app would ship it: Vite library mode, minified, gzipped. Three
// builds: as shipped; without libphonenumber-js's metadata (stubbed); and without libphonenumber-js
// at all (the SDK's own code). The 12 KB gzip target is for the build without the metadata.
// Run: pnpm --filter @threadline/sdk size        (add --check to fail when over the target)
import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const TARGET_GZIP = 12 * 1024;
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const entry = here('../src/index.ts');
const noMetadata = [{ find: /^\.\/nanp-metadata\.ts$/, replacement: here('./size-stubs/phone-metadata.mjs') }];
const noPhoneLibrary = [...noMetadata, { find: 'libphonenumber-js/core', replacement: here('./size-stubs/phone-library.mjs') }];

async function bundle(alias) {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias },
    build: {
      write: false,
      lib: { entry, formats: ['es'], fileName: 'threadline-sdk' },
      // Vite 8 library mode leaves the ES build unminified unless asked here.
      rolldownOptions: { output: { minify: true } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((output) => output.output);
  const code = outputs.filter((chunk) => chunk.type === 'chunk').map((chunk) => chunk.code).join('\n');
  return { min: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const rows = [
  ['as shipped (with phone metadata)', await bundle([])],
  ['without phone metadata', await bundle(noMetadata)],
  ['without libphonenumber-js at all', await bundle(noPhoneLibrary)],
];
console.log('@threadline/sdk browser entry (src/index.ts), minified ES module');
for (const [label, size] of rows) console.log(`  ${label.padEnd(34)} ${kb(size.min).padStart(9)} min ${kb(size.gzip).padStart(9)} min+gzip`);
const measured = rows[1][1].gzip;
const verdict = measured <= TARGET_GZIP ? 'within' : `over by ${kb(measured - TARGET_GZIP)}`;
console.log(`  target: ${kb(TARGET_GZIP)} min+gzip without phone metadata: ${verdict}`);
if (process.argv.includes('--check') && measured > TARGET_GZIP) process.exitCode = 1;
