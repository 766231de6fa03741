import { defineConfig } from "vitest/config";

// UI tests: the built ui/dist in headless Chromium with the backend replaced by mockIPC.
export default defineConfig({
  test: {
    include: ["tests/ui/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
