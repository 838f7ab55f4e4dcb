import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // ALIGNED_DEBUG_BUILD=1 keeps names readable for profiling (tests/bench); never for releases.
  build: { target: 'es2022', reportCompressedSize: false, minify: !process.env.ALIGNED_DEBUG_BUILD },
});
