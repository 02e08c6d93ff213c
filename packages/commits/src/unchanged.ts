import { readBytes } from "./byte-source.ts";
import type { HashedFile } from "./commit-files.ts";
import { forEachConcurrent } from "@hub/core/internal";
import { gitBlobOid } from "./git-oid.ts";
import type { ProgressReporter } from "./progress.ts";

/**
 * The `skipUnchanged` step, as the Python client: an added file identical to the server's (same git
 * blob id for regular files, same SHA-256 for LFS files; the preupload gave the remote id) is left
 * out. Regular files are read to compute their id only when a remote file exists. Only the paths in
 * `candidates` (adds, not copies) are checked.
 */
export async function skipUnchanged(
  files: readonly HashedFile[],
  candidates: ReadonlySet<string>,
  context: { concurrency: number; signal: AbortSignal | undefined; progress: ProgressReporter },
): Promise<{ changed: HashedFile[]; unchanged: HashedFile[] }> {
  const same: boolean[] = new Array(files.length).fill(false);
  await forEachConcurrent(
    files,
    context.concurrency,
    async (file, index) => {
      if (file.remoteOid === undefined || !candidates.has(file.path)) return;
      const localOid = file.uploadMode === "lfs" ? file.sha256 : await gitBlobOid(file.bytes ?? (await readBytes(file.source)));
      same[index] = localOid === file.remoteOid.toLowerCase();
    },
    context.signal,
  );
  const unchanged = files.filter((_, index) => same[index]);
  for (const file of unchanged) context.progress.complete("skipUnchanged", file.path, true);
  return { changed: files.filter((_, index) => !same[index]), unchanged };
}
