import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Each file starts a real server on port 0; scrypt is cheap there (fast hashing), but a
    // fuzz run on a 2-core CI machine needs room.
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
