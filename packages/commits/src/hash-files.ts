import { HubError, sha256 } from "@hub/core";
import { type ByteSource, isSizedStream, keepingChunks, readBytes, toByteSource } from "./byte-source.ts";
import { toBase64 } from "./base64.ts";
import { forEachConcurrent } from "./concurrency.ts";
import type { ProgressReporter } from "./progress.ts";
import type { CommitContent } from "./types.ts";

/** Bytes of the sample sent to the preupload endpoint. */
const SAMPLE_SIZE = 512;

/** Samples read at once (at least). */
const SAMPLE_CONCURRENCY = 32;

/** An added file ready for the preupload: re-readable bytes, size, base64 sample, and its SHA-256 once known. */
export interface HashedFile {
  path: string;
  source: ByteSource;
  size: number;
  sample: string;
  /** Set for LFS files (and one-shot streams, hashed while they are read). */
  sha256: string;
}

interface HashContext {
  concurrency: number;
  signal: AbortSignal | undefined;
  progress: ProgressReporter;
}

/** Sizes known before reading (a one-shot stream announces its size). */
export function contentSize(content: CommitContent): number {
  if (content instanceof Blob) return content.size;
  if (content instanceof Uint8Array || content instanceof ArrayBuffer) return content.byteLength;
  return content.size;
}

/**
 * Reads each file's sample (what the preupload needs), `concurrency` at a time. One-shot streams are
 * read whole here, hashed on the way and kept; other sources are hashed later, and only if they go to LFS.
 */
export async function prepareFiles(files: readonly { path: string; content: CommitContent }[], context: HashContext): Promise<HashedFile[]> {
  const prepared: HashedFile[] = new Array(files.length);
  // Samples are small reads: more of them at once than files hashed.
  await forEachConcurrent(
    files,
    Math.max(context.concurrency, SAMPLE_CONCURRENCY),
    async ({ path, content }, index) => {
      let source: ByteSource;
      let oid = "";
      if (isSizedStream(content)) {
        const kept = keepingChunks(content, path);
        oid = await hashStream(path, kept.stream, content.size, context);
        source = kept.finish();
      } else source = toByteSource(content);
      const sampleEnd = Math.min(SAMPLE_SIZE, source.size);
      const sample = toBase64(source.slice ? new Uint8Array(await source.slice(0, sampleEnd).arrayBuffer()) : await readBytes(source, 0, sampleEnd));
      prepared[index] = { path, source, size: source.size, sample, sha256: oid };
    },
    context.signal,
  );
  return prepared;
}

/** Computes the streaming SHA-256 of the files that lack it, `concurrency` at a time. */
export async function hashFiles(files: readonly HashedFile[], context: HashContext): Promise<void> {
  await forEachConcurrent(
    files.filter((file) => file.sha256 === ""),
    context.concurrency,
    async (file) => {
      file.sha256 = await hashStream(file.path, file.source.read(0, file.size), file.size, context);
    },
    context.signal,
  );
}

async function hashStream(path: string, stream: ReadableStream<Uint8Array>, size: number, context: HashContext): Promise<string> {
  let reported = 0;
  const onProgress = (bytes: number) => {
    context.progress.advance("hashing", path, bytes - reported);
    reported = bytes;
  };
  const oid = await sha256(stream, { onProgress, signal: context.signal });
  if (reported !== size) throw new HubError(`Read ${reported} bytes of ${path} instead of its size ${size}`);
  context.progress.complete("hashing", path);
  return oid;
}
