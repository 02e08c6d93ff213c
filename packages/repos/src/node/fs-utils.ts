import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
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

/** Python's `_is_true` for environment variables: `1`, `ON`, `YES`, `TRUE` in any case. */
export function isTrueValue(value: string | undefined): boolean {
  return value !== undefined && ["1", "ON", "YES", "TRUE"].includes(value.trim().toUpperCase());
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

/** `mkdir -p`, each folder at most once per instance (a snapshot creates hundreds of pointers). */
export function directoryMaker(): (path: string) => Promise<unknown> {
  const made = new Map<string, Promise<unknown>>();
  return (path) => {
    let pending = made.get(path);
    if (!pending) {
      pending = mkdir(path, { recursive: true });
      made.set(path, pending);
      pending.catch(() => made.delete(path));
    }
    return pending;
  };
}

/** How a snapshot pointer is made. */
export interface PointerOptions {
  /** Never use symlinks (`HF_HUB_DISABLE_SYMLINKS` or the option): real files in the snapshot. */
  disableSymlinks?: boolean;
  /** The blob was just downloaded by us: without symlinks it is moved, not copied (as Python does). */
  newBlob?: boolean;
  /** Creates folders (default `mkdir -p`). */
  ensureDirectory?: (path: string) => Promise<unknown>;
  /** Creates the symlink (tests simulate a file system that refuses them). */
  createSymlink?: (target: string, path: string) => Promise<void>;
}

/** Cache folders where the file system refused a symlink: no more attempts there. */
const refusesSymlinks = new Set<string>();

/** Errors of a file system (or OS policy) that does not allow symlinks. */
const SYMLINK_REFUSED = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/**
 * Points `pointer` at `blob`: a relative symlink (`../../blobs/<etag>`), replacing any previous one
 * atomically. Without symlinks (disabled, or refused by the file system) the snapshot gets a real
 * file, as the Python client does: a blob we just downloaded is moved there, an existing one is
 * copied (a reflink where the file system can), since other snapshots may use it.
 * @throws ENOENT when the blob is gone (another process moved it): download it again.
 */
export async function linkPointer(pointer: string, blob: string, options: PointerOptions = {}): Promise<void> {
  const folder = dirname(dirname(blob));
  await (options.ensureDirectory ?? ((path: string) => mkdir(path, { recursive: true })))(dirname(pointer));
  if (!options.disableSymlinks && !refusesSymlinks.has(folder)) {
    const target = relativeBlobTarget(pointer, blob);
    const createSymlink = options.createSymlink ?? symlink;
    try {
      await createSymlink(target, pointer);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      if (code === "EEXIST") return replaceWith(pointer, (temporary) => createSymlink(target, temporary));
      if (!SYMLINK_REFUSED.has(code)) throw error;
      refusesSymlinks.add(folder);
    }
  }
  if (options.newBlob) await rename(blob, pointer);
  else await replaceWith(pointer, (temporary) => copyFile(blob, temporary, constants.COPYFILE_FICLONE));
}

/** Creates `pointer` through a temporary name renamed over it, so readers never see it missing. */
async function replaceWith(pointer: string, create: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = temporaryName(pointer);
  try {
    await create(temporary);
    await rename(temporary, pointer);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
