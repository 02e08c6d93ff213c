/**
 * A source of bytes that can be read more than once, range by range, without holding it in memory
 * (e.g. a file on disk: see `fileSource` in `@hub/commits/node`).
 */
export interface LazySource {
  /** Total size in bytes. */
  size: number;
  /** A fresh stream of the bytes `[start, end)`; called once per read (hashing, each upload attempt). */
  stream(start: number, end: number): ReadableStream<Uint8Array>;
  /**
   * Optional: the bytes `[start, end)` read at once. Used instead of `stream` for small reads (the
   * preupload sample, files up to 256 KiB read whole), where a stream costs more than the read.
   */
  bytes?(start: number, end: number): Promise<Uint8Array>;
}

/** A one-shot byte stream with its size announced up front (buffered in memory once read: prefer a `LazySource` for big files). */
export interface SizedStream {
  /** Exact size in bytes; a stream of another length fails the commit. */
  size: number;
  /** The bytes, read once. */
  stream: ReadableStream<Uint8Array>;
}

/** What can be uploaded: a `Blob` (or `File`), bytes, a one-shot `SizedStream` or a re-readable `LazySource`. */
export type CommitContent = Blob | Uint8Array | ArrayBuffer | SizedStream | LazySource;

/** Adds or replaces a file (the seed's `CommitOperationAdd`; `path_or_fileobj` is `content`). */
export interface CommitOperationAdd {
  operation: "add";
  /** Path of the file in the repo, `/`-separated, relative. */
  pathInRepo: string;
  /** The file's bytes. */
  content: CommitContent;
}

/** Deletes a file or a folder (the seed's `CommitOperationDelete`). */
export interface CommitOperationDelete {
  operation: "delete";
  /** Path of the file, or of the folder (a folder may end with `/`). */
  pathInRepo: string;
  /** `"auto"` (default): a folder if and only if `pathInRepo` ends with `/`. */
  isFolder?: boolean | "auto";
}

/** Copies a file already in the repo (current Python's `CommitOperationCopy`): LFS files by reference, regular files by content. */
export interface CommitOperationCopy {
  operation: "copy";
  /** Path of the existing file. */
  srcPathInRepo: string;
  /** Path of the copy. */
  pathInRepo: string;
  /** Revision to copy from; default the commit's `revision`. */
  srcRevision?: string;
}

/** One operation of a commit. */
export type CommitOperation = CommitOperationAdd | CommitOperationDelete | CommitOperationCopy;

/** The commit a `createCommit` (or a wrapper) made. */
export interface CommitInfo {
  /** Web URL of the commit. */
  commitUrl: string;
  /** The commit's title. */
  commitMessage: string;
  /** The commit's description (`""` when none). */
  commitDescription: string;
  /** The commit's id (40 hex characters). */
  oid: string;
  /** Web URL of the pull request, when `createPr` was set. */
  prUrl?: string;
  /** `refs/pr/N` of that pull request. */
  prRevision?: string;
  /** Number `N` of that pull request. */
  prNum?: number;
  /**
   * True when no commit was made because every operation added a file the revision already has, byte for
   * byte (the Python client's "No files have been modified since last commit"): `oid` is the revision's head.
   */
  skipped?: true;
  /** The server's answer as it came. */
  raw: Record<string, unknown>;
}

/**
 * The steps of a commit, in order, as `createCommit` runs them: `plan` (validate, resolve copies),
 * `preupload` (the server decides LFS or inline per file), `hash` (SHA-256 of LFS files),
 * `skipUnchanged` (drop adds identical to the server's file), `uploadLfs` (LFS batch, then PUTs and
 * verify, or, when the server chose Xet, its three sub-steps `xetChunk` (chunk and hash each file,
 * ask the CAS which chunks it has), `uploadXorbs` (send the new chunks in xorbs) and `uploadShard`
 * (register the files)) and `commit` (the NDJSON commit request, regular files inline). Progress
 * events come from every step but `plan` and `preupload`.
 */
export type CommitStep = "hash" | "skipUnchanged" | "uploadLfs" | "xetChunk" | "uploadXorbs" | "uploadShard" | "commit";

/** Progress of a commit: `hashing`, then `chunking` (Xet uploads only), then `uploading`, per file and in bytes. */
export interface CommitProgressEvent {
  /**
   * `hashing`: local SHA-256 of LFS files; `chunking`: Xet chunking and hashing of LFS files (bytes
   * read); `uploading`: bytes sent (LFS transfers or, with Xet, the file's new chunks as their xorbs
   * are sent, the rest reported `skipped`; regular files as their commit lines are sent).
   */
  phase: "hashing" | "chunking" | "uploading";
  /**
   * The step of the commit this event comes from (see `CommitStep`): `hash` (counted in `hashing`),
   * `xetChunk` (in `chunking`), `skipUnchanged`, `uploadLfs`, `uploadXorbs`, `uploadShard` (no bytes:
   * the file is registered) or `commit` (in `uploading`).
   */
  step: CommitStep;
  /** The file this event is about. */
  path: string;
  /** Bytes of this file done in this phase. */
  fileBytes: number;
  /** Size of this file. */
  fileSize: number;
  /** Bytes of all files done in this phase. */
  totalBytes: number;
  /** Size of all added files. */
  totalSize: number;
  /** True when the file had nothing to do in this phase: a regular file (not hashed), or bytes the server already had (not sent). */
  skipped?: boolean;
}

/** What `uploadFile`, `uploadFiles` and `uploadFolder` return: the web URL of what was uploaded, and the commit. */
export interface UploadResult {
  /** `.../blob/{rev}/{path}` for a file, `.../tree/{rev}/{path}` for a folder (the PR's `refs%2Fpr%2FN` when one was opened). */
  url: string;
  /** The commit. */
  commit: CommitInfo;
}
