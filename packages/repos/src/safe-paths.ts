import { HubError } from "@hub/core";
import { MAX_PATH_IN_REPO_BYTES, MAX_PATH_SEGMENT_BYTES } from "@hub/core/internal";
import type { FileMetadata } from "./get-file-metadata.ts";
import type { RepoFile } from "./tree-entry.ts";

/**
 * Checks for values that come from the network (or the caller) before they become part of a file
 * path: repo paths, commit ids, blob ids, sha256s, ETags and revisions. A Hub answer is untrusted
 * input here: a compromised mirror, or a man in the middle on plain HTTP, must not be able to make
 * a download write outside its folder. Web APIs only, so the checks run on the edge too; the Node
 * helpers that build file paths call them.
 */

/** Characters of a value shown in an error message, at most (a hostile value may be huge). */
const SHOWN_CHARACTERS = 120;

/** Thrown when a path, id or revision would write outside its folder; nothing was written for it. */
export class UnsafePathError extends HubError {
  override name = "UnsafePathError";
  /** The refused value, as received. */
  declare readonly value: string;
  /** Where it came from, e.g. `X-Repo-Commit header` or `entry 3 (path) of the tree listing`. */
  declare readonly source: string;
  /** The rule it broke. */
  declare readonly rule: string;

  constructor(value: string, source: string, rule: string) {
    super(`Unsafe ${source} ${show(value)}: ${rule}; nothing was written`);
    Object.assign(this, { value, source, rule });
  }
}

function show(value: string): string {
  const text = value.length > SHOWN_CHARACTERS ? `${value.slice(0, SHOWN_CHARACTERS)}…` : value;
  return `${JSON.stringify(text)}${value.length > SHOWN_CHARACTERS ? ` (${value.length} characters)` : ""}`;
}

const encoder = /* @__PURE__ */ new TextEncoder();

function utf8Length(text: string): number {
  return encoder.encode(text).byteLength;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Why `path` is not a safe relative path in a repository, or `undefined` when it is: `/`-separated,
 * relative, normalised (no empty, `.` or `..` segments), no backslash, drive letter, control
 * character or `.git` component (any case), at most 4096 bytes with names of at most 255 bytes.
 */
export function repoPathProblem(path: string): string | undefined {
  if (path === "") return "must not be empty";
  if (utf8Length(path) > MAX_PATH_IN_REPO_BYTES) return `must be at most ${MAX_PATH_IN_REPO_BYTES} bytes`;
  if (CONTROL_CHARACTER.test(path)) return "must not contain control characters (NUL, new line, tab...)";
  if (path.startsWith("/")) return "must be relative (no leading /)";
  if (path.includes("\\")) return "must use / as separator (no backslash)";
  if (/^[A-Za-z]:/.test(path)) return "must not start with a drive letter";
  for (const segment of path.split("/")) {
    if (segment === "") return "must not contain empty segments (// or a trailing /)";
    if (segment === "." || segment === "..") return 'must not contain "." or ".." segments';
    if (segment.toLowerCase() === ".git") return 'must not contain a ".git" component';
    if (utf8Length(segment) > MAX_PATH_SEGMENT_BYTES) return `must not have a name longer than ${MAX_PATH_SEGMENT_BYTES} bytes`;
  }
  return undefined;
}

/**
 * Why `name` is not a valid git ref name (`git check-ref-format --allow-onelevel`), or `undefined`:
 * no `..`, `@{`, control characters, space, `~ ^ : ? * [ \`, no leading, trailing or double `/`,
 * no segment starting with `.` or ending with `.lock`, not ending with `.`, not `@`.
 */
export function refNameProblem(name: string): string | undefined {
  if (name === "") return "must not be empty";
  if (name.length > 256) return "must be at most 256 characters";
  if (CONTROL_CHARACTER.test(name) || /[\s~^:?*[\\]/.test(name))
    return "must not contain white space, control characters or any of ~ ^ : ? * [ \\";
  if (name.includes("..")) return 'must not contain ".."';
  if (name.includes("@{") || name === "@") return 'must not be "@" or contain "@{"';
  if (name.startsWith("/") || name.endsWith("/") || name.includes("//")) return "must not start or end with / or contain //";
  if (name.endsWith(".")) return 'must not end with "."';
  for (const segment of name.split("/")) {
    if (segment.startsWith(".")) return 'must not have a component starting with "."';
    if (segment.endsWith(".lock")) return 'must not have a component ending with ".lock"';
  }
  return undefined;
}

/** Why `etag` (already normalised: no quotes, no `W/`) cannot name a file, or `undefined`. */
export function etagProblem(etag: string): string | undefined {
  // Hub ETags are 40-hex git ids or 64-hex sha256s; other servers' (S3 md5, `<md5>-<parts>`) fit too.
  if (!/^[0-9A-Za-z_-]{1,128}$/.test(etag)) return "must be 1-128 letters, digits, - or _ (a hash)";
  return undefined;
}

function check(problem: string | undefined, value: unknown, source: string): string {
  if (typeof value !== "string") throw new UnsafePathError(String(value), source, "must be a string");
  if (problem !== undefined) throw new UnsafePathError(value, source, problem);
  return value;
}

/**
 * Returns `path` when it is a safe relative path in a repository (see `repoPathProblem`).
 * @throws {UnsafePathError} naming the value and `source`.
 */
export function checkRepoPath(path: string, source: string): string {
  return check(typeof path === "string" ? repoPathProblem(path) : undefined, path, source);
}

/**
 * Returns `id` when it is a full commit id: 40 lowercase hex digits.
 * @throws {UnsafePathError} naming the value and `source`.
 */
export function checkCommitId(id: string, source: string): string {
  return check(/^[0-9a-f]{40}$/.test(id) ? undefined : "must be a commit id (40 hex digits)", id, source);
}

/**
 * Returns `id` when it is a git blob id: 40 lowercase hex digits.
 * @throws {UnsafePathError} naming the value and `source`.
 */
export function checkBlobId(id: string, source: string): string {
  return check(/^[0-9a-f]{40}$/.test(id) ? undefined : "must be a git blob id (40 hex digits)", id, source);
}

/**
 * Returns `sha256` when it is 64 lowercase hex digits.
 * @throws {UnsafePathError} naming the value and `source`.
 */
export function checkSha256(sha256: string, source: string): string {
  return check(/^[0-9a-f]{64}$/.test(sha256) ? undefined : "must be a sha256 (64 hex digits)", sha256, source);
}

/**
 * Returns a normalised ETag when it can name a file in the cache (see `etagProblem`).
 * @throws {UnsafePathError} naming the value and `source`.
 */
export function checkEtag(etag: string, source: string): string {
  return check(typeof etag === "string" ? etagProblem(etag) : undefined, etag, source);
}

/**
 * Returns `revision` when it may name a ref file (`refs/<revision>`): a valid git ref name.
 * @throws {UnsafePathError} naming the value and `source`.
 */
export function checkRefName(revision: string, source: string): string {
  return check(typeof revision === "string" ? refNameProblem(revision) : undefined, revision, source);
}

/**
 * Returns `target` when it is `root` or below it. Both must be absolute and normalised the same way
 * (Node's `path.resolve`); `/` and `\` both count as separators.
 * @throws {UnsafePathError} naming `value` (the part that came from outside) and `source`.
 */
export function checkInside(root: string, target: string, value: string, source: string): string {
  const base = root.replace(/[\\/]+$/, "");
  const rest = target.slice(base.length);
  if (target.startsWith(base) && (rest === "" || /^[\\/]/.test(rest))) return target;
  throw new UnsafePathError(value, source, `resolves outside ${JSON.stringify(root)}`);
}

/**
 * Checks what a `resolve` answer says before it names files: `X-Repo-Commit` a commit id, the
 * ETag (`X-Linked-Etag` or `ETag`) a hash-like name.
 * @throws {UnsafePathError} naming the header.
 */
export function checkFileMetadata(metadata: Pick<FileMetadata, "commitHash" | "etag">): void {
  checkCommitId(metadata.commitHash, "X-Repo-Commit header");
  checkEtag(metadata.etag, "ETag (X-Linked-Etag or ETag header)");
}

/**
 * Checks one file of a tree listing before it names files: its path, blob id (`oid`) and LFS
 * sha256 (`lfs.oid`, when present).
 * @throws {UnsafePathError} naming the field, e.g. `entry 3 (lfs.oid) of the tree listing`.
 */
export function checkListedFile(file: Pick<RepoFile, "path" | "blobId" | "lfs">, index: number): void {
  const field = (name: string) => `entry ${index} (${name}) of the tree listing`;
  checkRepoPath(file.path, field("path"));
  if (file.blobId) checkBlobId(file.blobId, field("oid"));
  if (file.lfs !== undefined) checkSha256(file.lfs.sha256, field("lfs.oid"));
}
