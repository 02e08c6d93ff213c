import { EntryNotFoundError, type HubOptions, paginate, type RepoType } from "@hub/core";
import { encodePathInRepo, encodeRevision, parse, repoApiPath } from "@hub/core/internal";
import { join } from "node:path";
import * as v from "@hub/core/internal/valibot";
import { defaultCommitMessages } from "../commit-messages.ts";
import { type CommitOptions, createCommit } from "../create-commit.ts";
import { CommitEntries, CommitMessageSchema, FolderPathSchema } from "../schemas.ts";
import type { CommitOperation, UploadResult } from "../types.ts";
import { uploadResult } from "../upload-url.ts";
import { lazyFileSource } from "./file-source.ts";
import { anyPattern, pathFilter, type Patterns } from "./patterns.ts";

/** Parameters of `uploadFolder`. */
export interface UploadFolderParams extends CommitOptions {
  /** The local folder to upload. */
  folderPath: string;
  /** Folder in the repo to upload into; default the root. */
  pathInRepo?: string;
  /** Only files whose path (relative to `folderPath`) matches one of these `fnmatch` patterns (`*` also matches `/`; `dir/` means everything under it). */
  allowPatterns?: string | readonly string[];
  /**
   * Skip files matching any of these patterns. `.git/` folders and `.cache/huggingface/` (where
   * `snapshotDownload({ localDir })` keeps its metadata) are always skipped, as in the Python client.
   */
  ignorePatterns?: string | readonly string[];
  /** Delete remote files under `pathInRepo` matching these patterns (relative to `pathInRepo`) in the same commit, except those being uploaded and `.gitattributes`. */
  deletePatterns?: string | readonly string[];
  /** Default `Upload folder {pathInRepo} with @hub/sdk` (`Upload folder with @hub/sdk` for the root). */
  commitMessage?: string;
}

const PatternsSchema = v.optional(v.union([v.string(), v.array(v.string())], "must be a string or an array of strings"));

const UploadFolderSchema = v.object({
  ...CommitEntries,
  folderPath: v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty")),
  pathInRepo: v.optional(v.union([v.pipe(v.string(), v.regex(/^(\.\/?)?$/)), FolderPathSchema], "must be a relative folder path")),
  allowPatterns: PatternsSchema,
  ignorePatterns: PatternsSchema,
  deletePatterns: PatternsSchema,
  commitMessage: v.optional(CommitMessageSchema),
});

/**
 * Uploads a local folder in one commit, keeping its structure; files are streamed from disk, never read whole.
 * Returns the folder's web URL (`.../tree/{rev}/{pathInRepo}`, the PR's revision when `createPr`) and the commit.
 * @throws {HubValidationError} on a bad parameter or a file name that is not a valid repo path, before any upload.
 * @throws the file system's error when `folderPath` cannot be read; otherwise as `createCommit`.
 */
export async function uploadFolder(params: UploadFolderParams): Promise<UploadResult> {
  const parsed = parse(UploadFolderSchema, params);
  const pathInRepo = /^(\.\/?)?$/.test(parsed.pathInRepo ?? "") ? "" : (parsed.pathInRepo as string);
  const files = await listLocalFiles(parsed.folderPath, parsed.allowPatterns, parsed.ignorePatterns);
  const operations: CommitOperation[] = files.map((file) => ({
    operation: "add",
    pathInRepo: pathInRepo ? `${pathInRepo}/${file.path}` : file.path,
    content: lazyFileSource(join(parsed.folderPath, file.path), file.size),
  }));
  if (parsed.deletePatterns !== undefined) {
    const uploaded = new Set(operations.map((operation) => operation.pathInRepo));
    const remote = await listRemoteFiles(params, {
      repoType: parsed.repoType,
      repoId: parsed.repoId,
      revision: parsed.revision ?? "main",
      folder: pathInRepo,
    });
    const matches = anyPattern(parsed.deletePatterns);
    for (const path of remote) {
      const relative = pathInRepo ? path.slice(pathInRepo.length + 1) : path;
      if (path !== ".gitattributes" && !uploaded.has(path) && matches(relative))
        operations.push({ operation: "delete", pathInRepo: path, isFolder: false });
    }
  }
  const commit = await createCommit({
    ...params,
    operations,
    commitMessage: parsed.commitMessage ?? defaultCommitMessages.uploadFolder(pathInRepo),
  });
  return uploadResult("tree", { ...params, repoType: parsed.repoType, path: pathInRepo }, commit);
}

/** Never uploaded (Python's `DEFAULT_IGNORE_PATTERNS`): git's folder (or file, in worktrees) and the local-dir download metadata. */
const DEFAULT_IGNORED_FOLDERS = [".git", "**/.git", ".git/**", "**/.git/**", ".cache/huggingface/**", "**/.cache/huggingface/**"];

async function listLocalFiles(
  folderPath: string,
  allowPatterns: Patterns,
  ignorePatterns: Patterns,
): Promise<{ path: string; size: number }[]> {
  // Loaded on first use: fast-glob costs tens of milliseconds at import, paid by every `@hub/sdk/node` user otherwise.
  const { default: fastGlob } = await import("fast-glob");
  const entries = await fastGlob("**/*", {
    cwd: folderPath,
    dot: true,
    onlyFiles: true,
    stats: true,
    followSymbolicLinks: true,
    ignore: DEFAULT_IGNORED_FOLDERS,
    throwErrorOnBrokenSymbolicLink: false,
  });
  const keep = pathFilter(allowPatterns, ignorePatterns);
  return entries
    .filter((entry) => keep(entry.path))
    .map((entry) => ({ path: entry.path, size: entry.stats?.size ?? 0 }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function listRemoteFiles(
  options: HubOptions,
  target: { repoType: RepoType; repoId: string; revision: string; folder: string },
): Promise<string[]> {
  const folder = target.folder ? `/${encodePathInRepo(target.folder)}` : "";
  const paths: string[] = [];
  try {
    for await (const entry of paginate<{ type?: unknown; path?: unknown }>(options, {
      path: `${repoApiPath(target.repoType, target.repoId)}/tree/${encodeRevision(target.revision)}${folder}`,
      searchParams: { recursive: true },
    })) {
      if (entry.type === "file" && typeof entry.path === "string") paths.push(entry.path);
    }
  } catch (error) {
    // A folder that does not exist yet has nothing to delete.
    if (!(error instanceof EntryNotFoundError)) throw error;
  }
  return paths;
}
