import { defineConfig } from "vitest/config";

// Packing, `npm install`, five child processes and full type checks: generous time-outs (a loaded
// machine runs tsc over every declaration file for minutes), one file.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 300_000 } });
