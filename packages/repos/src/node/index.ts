export { downloadFileToCacheDir } from "./download-file-to-cache-dir.ts";
export type { DownloadFileToCacheDirParams, FileProgress } from "./download-file-to-cache-dir.ts";
export { snapshotDownload } from "./snapshot-download.ts";
export type { SnapshotDownloadParams, SnapshotProgress } from "./snapshot-download.ts";
export { hubCacheDir, isCommitHash, repoCachePaths } from "./cache-paths.ts";
export type { RepoCachePaths } from "./cache-paths.ts";
export { acquireLock } from "./file-lock.ts";
export type { LockOptions } from "./file-lock.ts";
export { DEFAULT_STALL_TIMEOUT } from "./fetch-blob.ts";
