import { defineConfig } from "vitest/config";

// Measurements, not tests: run by `npm run bench:ui`, never by the test command.
export default defineConfig({
  test: { include: ["bench/**/*.bench.ts"], environment: "node", fileParallelism: false },
});
