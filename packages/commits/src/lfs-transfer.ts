import { HubError, type HubOptions, hubRequest } from "@hub/core";
import { forEachConcurrent, type RetrySettings, type Semaphore } from "@hub/core/internal";
import type { HashedFile } from "./hash-files.ts";
import type { LfsAction, LfsBatchObject } from "./lfs-batch.ts";
import { putWithRetry } from "./put-with-retry.ts";

const LFS_CONTENT_TYPE = "application/vnd.git-lfs+json";

/** What an LFS transfer needs besides the file. */
export interface TransferContext {
  /** Options for the Hub (verify): the token goes to the Hub origin only. */
  hubOptions: HubOptions;
  /** Options for storage URLs: no token, no total timeout (PUT retries are `retry`'s). */
  transferOptions: HubOptions;
  retry: RetrySettings;
  /** Bounds the PUTs in flight across all files. */
  slots: Semaphore;
  /** Bounds the verify calls in flight; they run beside the next uploads instead of holding an upload slot. */
  verifySlots: Semaphore;
  /** Where the verify calls of finished uploads go; the caller awaits them all before committing. */
  verifications: Promise<void>[];
  concurrency: number;
  /** Stall timeout of each PUT (milliseconds, or `false`). */
  stallTimeout: number | false | undefined;
  onBytes: (delta: number) => void;
}

/**
 * Uploads one LFS object as the batch answer says: one PUT, or parallel part PUTs and a completion
 * call; then queues the verify call when the server asks for it (see `verifications`).
 * @throws {HubHttpError} from storage or the Hub; {HubError} on an inconsistent multipart answer.
 */
export async function uploadLfsObject(file: HashedFile, object: LfsBatchObject, context: TransferContext): Promise<void> {
  const upload = object.actions?.upload;
  if (!upload) return;
  if (upload.header?.chunk_size !== undefined) await uploadMultipart(file, upload, context);
  else await context.slots.run(() => putWithRetry(context.transferOptions, context.retry, { url: upload.href, source: file.source, start: 0, end: file.size, onBytes: context.onBytes, stallTimeout: context.stallTimeout }));
  const verify = object.actions?.verify;
  if (verify) {
    const verified = context.verifySlots.run(() =>
      hubRequest(context.hubOptions, {
        method: "POST",
        url: verify.href,
        headers: { ...verify.header, accept: LFS_CONTENT_TYPE, "content-type": LFS_CONTENT_TYPE },
        json: { oid: file.sha256, size: file.size },
        idempotent: true,
        responseType: "void",
      }),
    );
    // Awaited by the caller with the others; a failure is thrown there, not reported as unhandled now.
    verified.catch(() => undefined);
    context.verifications.push(verified);
  }
}

async function uploadMultipart(file: HashedFile, upload: LfsAction, context: TransferContext): Promise<void> {
  const header = upload.header ?? {};
  const chunkSize = Number(header.chunk_size);
  const parts = Object.keys(header)
    .filter((key) => /^\d+$/.test(key))
    .map((key) => ({ number: Number(key), url: header[key] as string }))
    .sort((a, b) => a.number - b.number);
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0 || parts.length !== Math.ceil(file.size / chunkSize)) {
    throw new HubError(`Invalid server response to upload large LFS file ${file.path}: ${parts.length} parts of ${String(header.chunk_size)} bytes for ${file.size} bytes`);
  }
  const etags: string[] = new Array(parts.length);
  await forEachConcurrent(
    parts,
    context.concurrency,
    async (part, index) => {
      const start = index * chunkSize;
      const response = await context.slots.run(() =>
        putWithRetry(context.transferOptions, context.retry, {
          url: part.url,
          source: file.source,
          start,
          end: Math.min(file.size, start + chunkSize),
          onBytes: context.onBytes,
          stallTimeout: context.stallTimeout,
        }),
      );
      const etag = response.headers.get("etag");
      if (!etag) throw new HubError(`Storage answered part ${part.number} of ${file.path} without an ETag`);
      etags[index] = etag;
    },
    context.transferOptions.signal,
  );
  await hubRequest(context.transferOptions, {
    method: "POST",
    url: upload.href,
    headers: { accept: LFS_CONTENT_TYPE, "content-type": LFS_CONTENT_TYPE },
    json: { oid: file.sha256, parts: parts.map((part, index) => ({ partNumber: part.number, etag: etags[index] })) },
    // Completing the same upload twice yields the same object.
    idempotent: true,
    responseType: "void",
  });
}
