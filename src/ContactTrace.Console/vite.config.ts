import { defineConfig } from 'vite';

// The host serves the build under /console/ from its output folder (ContactTrace.Host.csproj copies it there).
export default defineConfig({
  base: '/console/',
  build: {
    outDir: process.env.CONSOLE_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
});
