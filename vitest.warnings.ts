import { afterAll } from "vitest";

/**
 * Node's process warnings are test failures (issue #16: failed uploads must close their file
 * handles). A file handle left open is only reported when the garbage collector closes it
 * ("Closing file descriptor N on garbage collection"), so after each test file the collector
 * runs (the node project starts workers with `--expose-gc`) before the warnings are read.
 */
const warnings: Error[] = [];
const record = (warning: Error) => warnings.push(warning);
process.on("warning", record);

afterAll(async () => {
  const collect = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < 2; round++) {
    collect?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  process.off("warning", record);
  if (warnings.length > 0) {
    throw new Error(
      `Node warnings during this test file:\n${warnings.map((warning) => `- ${warning.name}: ${warning.message}`).join("\n")}`,
    );
  }
});
