import { defineConfig } from 'vite';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';

// The widgets as ES modules with everything inside (widgets, SDK, Lit): the server serves them to
// the demo page and a host can drop them in with a single <script type="module">.
// - threadline-widgets.js: every element but <tl-messaging-setup>.
// - threadline-messaging-setup.js: <tl-messaging-setup>, which <tl-inbox> imports itself when its
//   setup panel first opens; a page showing the panel alone loads this file (it imports the first).
export default defineConfig({
  // Lit's html`` and css`` templates keep their indentation and comments through the JS minifier.
  plugins: [minifyTemplateLiterals({ failOnError: true })],
  build: {
    lib: {
      entry: { 'threadline-widgets': 'src/index.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: true,
    rolldownOptions: {
      // The SDK's modules only declare things: let unused ones (e.g. setup form limits) drop out.
      treeshake: { moduleSideEffects: (id: string) => !/\/packages\/sdk\/src\//.test(id) },
      // Code the lazily loaded setup panel shares with the main file stays in the main file (which
      // exports it to the panel's chunk), rather than moving both to a third file.
      preserveEntrySignatures: 'allow-extension',
      output: {
        // Vite 8's library mode does not minify an ES build through build.minify.
        minify: true,
        // Stable names, like the main file's, so a page can load the setup panel with a script tag.
        chunkFileNames: 'threadline-[name].js',
      },
    },
  },
});
