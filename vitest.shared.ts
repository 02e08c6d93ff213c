import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const warningsAsErrors = fileURLToPath(new URL("./vitest.warnings.ts", import.meta.url));

/**
 * The vitest configuration every package shares: a `node` project that runs all tests, and an
 * `edge` project (edge-runtime globals) for the unit tests of edge-safe code. Tests under
 * `src/node/`, `test/` (integration tests against the local server) and `*.node.test.ts` are
 * Node-only. In the `node` project Node's process warnings fail the test file
 * (`vitest.warnings.ts`), after a garbage collection that reports any file handle left open. With
 * `typeTests`, the node project also type-checks the `*.test-d.ts` files under src.
 */
export function packageTestConfig(options: { edge?: boolean; testTimeout?: number; typeTests?: boolean } = {}) {
  const nodeOnly = ["src/node/**", "test/**", "**/*.node.test.ts"];
  return defineConfig({
    test: {
      testTimeout: options.testTimeout ?? 30_000,
      // Test files share their worker processes and loaded modules (about half the CPU of a fresh
      // process per file); a file that changes process-wide state restores it in its own hooks.
      isolate: false,
      passWithNoTests: true,
      hookTimeout: 60_000,
      projects: [
        {
          extends: true as const,
          test: {
            name: "node",
            environment: "node",
            include: ["src/**/*.test.ts", "test/**/*.test.ts"],
            setupFiles: [warningsAsErrors],
            execArgv: ["--expose-gc"],
            // Type tests (`*.test-d.ts`, vitest's `expectTypeOf`) run with the node project: tsc checks them, nothing executes.
            ...(options.typeTests ? { typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "tsconfig.json" } } : {}),
          },
        },
        ...(options.edge === false
          ? []
          : [
              {
                extends: true as const,
                test: {
                  name: "edge",
                  environment: "edge-runtime",
                  include: ["src/**/*.test.ts"],
                  exclude: ["**/node_modules/**", ...nodeOnly],
                },
              },
            ]),
      ],
    },
  });
}
