import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into dist/, which the demo server serves at /examples/react/ (same origin as the API, so
// the page asks it for a demo token). `vite dev` proxies the API to a demo server on :8787.
const server = process.env.THREADLINE_URL ?? 'http://localhost:8787';

export default defineConfig({
  base: '/examples/react/',
  plugins: [react()],
  server: { proxy: { '/v1': server, '/demo': server } },
  build: { target: 'es2022', emptyOutDir: true },
});
