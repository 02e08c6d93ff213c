import { lstat, mkdir, mkdtemp, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isTrueValue, linkPointer } from "./fs-utils.ts";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "hub-link-"));
  await mkdir(join(folder, "repo", "blobs"), { recursive: true });
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const refuse = (code: string) => {
  const calls: string[] = [];
  const createSymlink = async (_target: string, path: string) => {
    calls.push(path);
    throw Object.assign(new Error(`symlink refused: ${code}`), { code });
  };
  return { calls, createSymlink };
};

describe("linkPointer", () => {
  it("makes a relative symlink, and replaces an existing pointer", async () => {
    const blob = join(folder, "repo", "blobs", "b1");
    await writeFile(blob, "one");
    const pointer = join(folder, "repo", "snapshots", "c", "dir", "f.txt");
    await linkPointer(pointer, blob);
    expect(await readlink(pointer)).toBe("../../../blobs/b1");
    await writeFile(join(folder, "repo", "blobs", "b2"), "two");
    await linkPointer(pointer, join(folder, "repo", "blobs", "b2"));
    expect(await readFile(pointer, "utf8")).toBe("two");
  });

  it.each(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"])(
    "falls back to real files when the file system refuses symlinks (%s), and stops trying there",
    async (code) => {
      const repo = join(folder, `repo-${code}`);
      await mkdir(join(repo, "blobs"), { recursive: true });
      const { calls, createSymlink } = refuse(code);
      const existing = join(repo, "blobs", "old");
      await writeFile(existing, "kept");
      const copied = join(repo, "snapshots", "c", "copied.txt");
      await linkPointer(copied, existing, { createSymlink });
      expect((await lstat(copied)).isFile()).toBe(true);
      expect(await readFile(copied, "utf8")).toBe("kept");
      expect(await readFile(existing, "utf8")).toBe("kept");
      const fresh = join(repo, "blobs", "new");
      await writeFile(fresh, "moved");
      const moved = join(repo, "snapshots", "c", "moved.txt");
      await linkPointer(moved, fresh, { createSymlink, newBlob: true });
      expect(await readFile(moved, "utf8")).toBe("moved");
      await expect(lstat(fresh)).rejects.toMatchObject({ code: "ENOENT" });
      expect(calls).toHaveLength(1);
    },
  );

  it("rethrows other symlink errors", async () => {
    const { createSymlink } = refuse("EACCES");
    const blob = join(folder, "repo", "blobs", "b");
    await writeFile(blob, "x");
    await expect(linkPointer(join(folder, "repo", "snapshots", "c", "f"), blob, { createSymlink })).rejects.toThrow("EACCES");
  });
});

describe("isTrueValue (Python's _is_true)", () => {
  it("accepts 1, ON, YES, TRUE in any case and nothing else", () => {
    expect(["1", "on", "Yes", "TRUE", " true "].map(isTrueValue)).toEqual([true, true, true, true, true]);
    expect(["0", "", "false", "no", "2", undefined].map(isTrueValue)).toEqual([false, false, false, false, false, false]);
  });
});
