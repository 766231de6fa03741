import { defineConfig } from "vite";

// Builds the mocked-IPC harness that the browser UI tests inject before the app loads.
// It is never part of ui/dist, so the desktop app never contains it.
export default defineConfig({
  build: {
    outDir: "test-dist",
    emptyOutDir: true,
    lib: {
      entry: "mock/harness.ts",
      name: "KeylineMock",
      formats: ["iife"],
      fileName: () => "mock-ipc.js",
    },
  },
});
