/** The commit an upload made (the fields of `@hub/commits`' `CommitInfo` the CLI shows). */
export interface UploadCommit {
  oid: string;
  commitUrl: string;
  commitMessage?: string;
  prUrl?: string;
  prNum?: number;
  [field: string]: unknown;
}

/** What `uploadFile` / `uploadFolder` return: the web URL of what was uploaded and the commit. */
export interface UploadResult {
  url: string;
  commit: UploadCommit;
}

/** A progress event of an upload (hashing or uploading, per file and in bytes). */
export type UploadProgress = Record<string, unknown>;

/** Bytes uploaded so far and in total from a progress event, or undefined for other events. */
export function uploadProgressBytes(event: UploadProgress): { done: number; total: number | undefined } | undefined {
  const phase = event.phase ?? event.type ?? event.event;
  if (phase !== undefined && phase !== "uploading" && phase !== "upload") return undefined;
  const done = firstNumber(event, ["totalUploaded", "uploadedBytes", "totalBytes", "bytes", "loaded"]);
  if (done === undefined) return undefined;
  return { done, total: firstNumber(event, ["totalSize", "total", "size"]) };
}

function firstNumber(event: UploadProgress, keys: readonly string[]): number | undefined {
  for (const key of keys) if (typeof event[key] === "number") return event[key] as number;
  return undefined;
}
