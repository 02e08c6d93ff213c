import { HubError, sha256 } from "@hub/core";
import { type ByteSource, isSizedStream, keepingChunks, readBytes, toByteSource } from "./byte-source.ts";
import { toBase64 } from "./base64.ts";
import { forEachConcurrent } from "./concurrency.ts";
import type { ProgressReporter } from "./progress.ts";
import type { CommitContent } from "./types.ts";

/** Bytes of the sample sent to the preupload endpoint. */
const SAMPLE_SIZE = 512;

/** An added file once hashed: re-readable bytes, size, SHA-256 and base64 sample. */
export interface HashedFile {
  path: string;
  source: ByteSource;
  size: number;
  sha256: string;
  sample: string;
}

/** Sizes known before hashing (a one-shot stream announces its size). */
export function contentSize(content: CommitContent): number {
  if (content instanceof Blob) return content.size;
  if (content instanceof Uint8Array || content instanceof ArrayBuffer) return content.byteLength;
  return content.size;
}

/** Hashes every file (streaming SHA-256, at most `concurrency` at once) and reads its sample. */
export async function hashFiles(
  files: readonly { path: string; content: CommitContent }[],
  context: { concurrency: number; signal: AbortSignal | undefined; progress: ProgressReporter },
): Promise<HashedFile[]> {
  const hashed: HashedFile[] = new Array(files.length);
  await forEachConcurrent(
    files,
    context.concurrency,
    async ({ path, content }, index) => {
      let reported = 0;
      const onProgress = (bytes: number) => {
        context.progress.advance("hashing", path, bytes - reported);
        reported = bytes;
      };
      let source: ByteSource;
      let oid: string;
      if (isSizedStream(content)) {
        const kept = keepingChunks(content, path);
        oid = await sha256(kept.stream, { onProgress, signal: context.signal });
        source = kept.finish();
      } else {
        source = toByteSource(content);
        oid = await sha256(source.read(0, source.size), { onProgress, signal: context.signal });
      }
      if (reported !== source.size) throw new HubError(`Read ${reported} bytes of ${path} instead of its size ${source.size}`);
      context.progress.complete("hashing", path);
      const sample = toBase64(await readBytes(source, 0, Math.min(SAMPLE_SIZE, source.size)));
      hashed[index] = { path, source, size: source.size, sha256: oid, sample };
    },
    context.signal,
  );
  return hashed;
}
