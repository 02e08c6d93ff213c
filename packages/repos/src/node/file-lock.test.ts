import { mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock } from "./file-lock.ts";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "hub-lock-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("acquireLock", () => {
  it("creates the lock with its owner and removes it on release", async () => {
    const path = join(folder, "sub", "x.lock");
    const release = await acquireLock(path);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      pid: process.pid,
      host: hostname(),
      token: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    await release();
    await expect(stat(path)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("makes a second taker wait until the first releases", async () => {
    const path = join(folder, "x.lock");
    const order: string[] = [];
    const releaseFirst = await acquireLock(path);
    const second = acquireLock(path).then((release) => {
      order.push("second acquired");
      return release;
    });
    // Give the waiter several turns of real file-system work while the lock is held.
    for (let turn = 0; turn < 5; turn++) await readFile(path);
    order.push("first released");
    await releaseFirst();
    await (
      await second
    )();
    expect(order).toEqual(["first released", "second acquired"]);
  });

  it("takes over a lock whose owner died or that was not refreshed", async () => {
    const path = join(folder, "dead.lock");
    await writeFile(path, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
    await (
      await acquireLock(path)
    )();
    await writeFile(path, JSON.stringify({ pid: process.pid, host: "another-machine" }));
    const old = new Date(Date.now() - 60_000);
    await utimes(path, old, old);
    await (
      await acquireLock(path, { staleAfter: 30_000 })
    )();
  });

  it("stops waiting when aborted", async () => {
    const path = join(folder, "held.lock");
    const release = await acquireLock(path);
    const controller = new AbortController();
    const waiting = acquireLock(path, { signal: controller.signal });
    controller.abort(new Error("gave up"));
    await expect(waiting).rejects.toThrow("gave up");
    await release();
  });
});
