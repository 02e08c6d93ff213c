import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readFile, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { relativeBlobTarget } from "./cache-paths.ts";

/** A unique temporary name next to `path`. */
export function temporaryName(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
}

/** Whether `path` exists (following symlinks). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes a small file atomically (temporary file then rename). */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryName(path);
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Writes `refs/<revision>` = commit, only when it changed (like the Python client). */
export async function writeRef(refPath: string, commit: string): Promise<void> {
  const current = await readFile(refPath, "utf8").catch(() => undefined);
  if (current !== commit) await writeFileAtomic(refPath, commit);
}

/**
 * Points `pointer` at `blob` with a relative symlink, atomically (a temporary link renamed over),
 * so two processes linking the same file never fail; copies the blob where symlinks are refused.
 */
export async function linkPointer(pointer: string, blob: string): Promise<void> {
  await mkdir(dirname(pointer), { recursive: true });
  const temporary = temporaryName(pointer);
  try {
    await symlink(relativeBlobTarget(pointer, blob), temporary);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
    await copyFile(blob, temporary);
  }
  try {
    await rename(temporary, pointer);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
