import { defineConfig } from 'vite';

// One ES module with everything inside (widgets, SDK, Lit): the server serves it to the demo page
// and a host can drop it in with a single <script type="module">.
export default defineConfig({
  build: {
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'threadline-widgets.js',
    },
    target: 'es2022',
    sourcemap: true,
    emptyOutDir: true,
    rolldownOptions: {
      // The SDK's modules only declare things: let unused ones (e.g. setup form limits) drop out.
      treeshake: { moduleSideEffects: (id: string) => !/\/packages\/sdk\/src\//.test(id) },
      output: {
        // Vite 8's library mode does not minify an ES build through build.minify.
        minify: true,
        // One file: the virtualizer's lazily imported layout goes inside too.
        codeSplitting: false,
      },
    },
  },
});
