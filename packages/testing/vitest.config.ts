import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // A guard against hangs, not a speed check: property tests run hundreds of cases, and on a
    // loaded 2-core machine some took longer than vitest's 5 s default. Speed is the benches' job.
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
