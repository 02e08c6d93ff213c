import { describe, expect, it } from "vitest";
import { type ServiceReply, ThreadService } from "./thread-service.ts";

const SOURCE = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ id, op, value }) => {
  if (op === "crash") process.exit(3);
  if (op === "fail") return parentPort.postMessage({ id, message: "refused " + value, code: "E_TEST" });
  setTimeout(() => parentPort.postMessage({ id, doubled: value * 2 }), value);
});
`;

function call(service: ThreadService, message: Record<string, unknown>): Promise<ServiceReply> {
  return new Promise((resolve) => service.call(message, resolve));
}

describe("ThreadService", () => {
  it("routes each answer to its call, whatever the order they come back in", async () => {
    const service = new ThreadService(SOURCE);
    expect(service.available()).toBe(true);
    const replies = await Promise.all([30, 1, 15].map((value) => call(service, { op: "double", value })));
    expect(replies).toEqual([{ doubled: 60 }, { doubled: 2 }, { doubled: 30 }]);
    const failed = await call(service, { op: "fail", value: 7 });
    expect(failed.error?.message).toBe("refused 7");
    expect((failed.error as NodeJS.ErrnoException).code).toBe("E_TEST");
  });

  it("fails the awaited calls when the thread dies, and starts a new one for the next call", async () => {
    const service = new ThreadService(SOURCE);
    const waiting = call(service, { op: "double", value: 200 });
    service.send({ op: "crash" });
    expect((await waiting).error?.message).toMatch(/exited \(3\)/);
    expect(await call(service, { op: "double", value: 1 })).toEqual({ doubled: 2 });
  });
});
