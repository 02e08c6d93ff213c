import { createHash, randomBytes } from "node:crypto";
import { appendFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFrontierHasher } from "./frontier-hasher.ts";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "hub-hasher-"));
});
afterEach(async () => rm(folder, { recursive: true, force: true }));

const MIB = 1024 * 1024;

describe("startFrontierHasher (one thread shared by every file)", () => {
  it("hashes several files at once as they grow, each to its own digest (sha256, and git's sha1 with its prefix)", async () => {
    const contents = [randomBytes(20 * MIB + 3), randomBytes(9 * MIB + 1)];
    const paths = contents.map((_, index) => join(folder, `file-${index}`));
    for (const path of paths) writeFileSync(path, "");
    const sha256 = startFrontierHasher(paths[0]!, "sha256")!;
    const sha1 = startFrontierHasher(paths[1]!, "sha1", `blob ${contents[1]!.byteLength}\0`)!;
    // Interleaved growth: each advance only covers what is written.
    for (let offset = 0; offset < 20 * MIB + 3; offset += 4 * MIB) {
      contents.forEach((content, index) => {
        const piece = content.subarray(offset, offset + 4 * MIB);
        if (piece.byteLength === 0) return;
        appendFileSync(paths[index]!, piece);
        (index === 0 ? sha256 : sha1).advance(Math.min(content.byteLength, offset + 4 * MIB));
      });
    }
    const [first, second] = await Promise.all([sha256.finish(contents[0]!.byteLength), sha1.finish(contents[1]!.byteLength)]);
    expect(first).toBe(createHash("sha256").update(contents[0]!).digest("hex"));
    expect(second).toBe(createHash("sha1").update(`blob ${contents[1]!.byteLength}\0`).update(contents[1]!).digest("hex"));
  });

  it("fails only the job whose file is shorter than claimed; a stopped job leaves the others alone", async () => {
    const good = randomBytes(3 * MIB);
    writeFileSync(join(folder, "good"), good);
    writeFileSync(join(folder, "short"), randomBytes(1000));
    writeFileSync(join(folder, "dropped"), randomBytes(1000));
    const short = startFrontierHasher(join(folder, "short"), "sha256")!;
    const dropped = startFrontierHasher(join(folder, "dropped"), "sha256")!;
    const fine = startFrontierHasher(join(folder, "good"), "sha256")!;
    await dropped.stop();
    await expect(short.finish(5000)).rejects.toThrow(/ends at 1000 bytes, before 5000/);
    expect(await fine.finish(good.byteLength)).toBe(createHash("sha256").update(good).digest("hex"));
    await expect(dropped.finish(1000)).rejects.toThrow(/hash job is gone/);
  });
});
