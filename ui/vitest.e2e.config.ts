import { defineConfig } from "vitest/config";

// End-to-end: the real app binary under Xvfb, driven through tauri-driver (WebDriver).
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
