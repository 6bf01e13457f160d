import { defineConfig } from "vitest/config";

// Unit and integration tests (PGlite in memory, or a PostgreSQL server when DATABASE_URL is set).
// Two workers: the machines have two cores.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
