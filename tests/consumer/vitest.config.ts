import { defineConfig } from "vitest/config";

// Packing, `npm install` and five child processes: generous time-outs, one file.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 } });
