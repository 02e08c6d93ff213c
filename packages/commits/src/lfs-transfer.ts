import { HubError, type HubOptions, hubRequest, type RepoType } from "@hub/core";
import { forEachConcurrent, type RetrySettings, retrySettings, Semaphore } from "@hub/core/internal";
import type { ByteSource } from "./byte-source.ts";
import type { LfsFile } from "./commit-files.ts";
import { type LfsAction, type LfsBatchObject, lfsBatch } from "./lfs-batch.ts";
import type { ProgressReporter } from "./progress.ts";
import { finishBody, putWithRetry, WHOLE_BODY_MAX_BYTES } from "./put-with-retry.ts";
import { XetWriteToken } from "./xet-token.ts";

const LFS_CONTENT_TYPE = "application/vnd.git-lfs+json";

/** Xorbs uploaded at once at most (each holds up to 64 MiB in memory while it is sent); the uploads of one file outpace its chunking with two over HTTPS. */
const MAX_XORBS_IN_FLIGHT = 2;

/**
 * The `uploadLfs` step: asks the LFS batch endpoint where to send each object (once per SHA-256),
 * offering Xet unless `useXet` is false. When the server chooses Xet, the objects it lacks are
 * uploaded through Xet (`uploadXetFiles`: chunks, dedup, xorbs, shard). Otherwise it uploads those the
 * server lacks (`concurrency` PUTs in flight, of which `streams` with a streamed body:
 * big files and multipart parts), and calls `verify` when the server
 * asks for it, beside the next uploads; resolves once every upload and verify is done.
 * @throws {HubHttpError} from the batch call, storage, the CAS or verify; {HubError} on an inconsistent answer.
 */
export async function uploadLfsFiles(
  options: HubOptions,
  target: { repoType: RepoType; repoId: string; revision: string; createPr: boolean },
  files: readonly LfsFile[],
  context: {
    concurrency: number;
    streams: number;
    progress: ProgressReporter;
    stallTimeout: number | false | undefined;
    useXet: boolean;
  },
): Promise<void> {
  if (files.length === 0) return;
  const unique = new Map<string, LfsFile>();
  for (const file of files) if (!unique.has(file.sha256)) unique.set(file.sha256, file);
  const answer = await lfsBatch(
    options,
    target,
    [...unique.values()].map((file) => ({ oid: file.sha256, size: file.size })),
    { xet: context.useXet },
  );
  const batch = answer.objects;
  const toUpload = [...unique.values()].filter((file) => batch.get(file.sha256)?.actions?.upload);
  const uploading = new Set(toUpload);
  for (const file of files) if (!uploading.has(file)) context.progress.complete("uploadLfs", file.path, true);
  if (answer.transfer === "xet") {
    const first = toUpload[0];
    if (!first) return;
    const upload = batch.get(first.sha256)?.actions?.upload as LfsAction;
    const transferOptions = { ...options, accessToken: "", timeout: false as const };
    // Loaded on first use: the chunker, BLAKE3 and xorb code cost import time to programs that never upload through Xet.
    const { uploadXetFiles } = await import("./xet-upload.ts");
    await uploadXetFiles(toUpload, {
      transferOptions,
      retry: retrySettings(options.retry),
      token: new XetWriteToken(options, upload.href, upload.header),
      xorbConcurrency: Math.max(1, Math.min(context.streams, MAX_XORBS_IN_FLIGHT)),
      stallTimeout: context.stallTimeout,
      progress: context.progress,
    });
    return;
  }
  const transfer: Omit<TransferContext, "onBytes"> = {
    hubOptions: options,
    // An empty token: none is sent, and none is looked up in the environment or the token file for each PUT.
    transferOptions: { ...options, accessToken: "", timeout: false },
    retry: retrySettings(options.retry),
    slots: new Semaphore(context.concurrency),
    streamSlots: new Semaphore(context.streams),
    verifySlots: new Semaphore(context.concurrency),
    verifications: [],
    concurrency: context.streams,
    stallTimeout: context.stallTimeout,
  };
  await forEachConcurrent(
    toUpload,
    context.concurrency,
    (file) =>
      uploadLfsObject(file, batch.get(file.sha256)!, {
        ...transfer,
        onBytes: (delta) => context.progress.advance("uploadLfs", file.path, delta),
      }),
    options.signal,
  );
  await Promise.all(transfer.verifications);
}

/** What an LFS transfer needs besides the file. */
interface TransferContext {
  /** Options for the Hub (verify): the token goes to the Hub origin only. */
  hubOptions: HubOptions;
  /** Options for storage URLs: no token, no total timeout (PUT retries are `retry`'s). */
  transferOptions: HubOptions;
  retry: RetrySettings;
  /** Bounds the PUTs in flight across all files. */
  slots: Semaphore;
  /**
   * Bounds the PUTs with a streamed body (over 256 KiB) in flight: each holds socket and TLS buffers
   * of a few MiB while it is sent, so many of them cost memory where small PUTs cost only round trips.
   */
  streamSlots: Semaphore;
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
async function uploadLfsObject(file: LfsFile, object: LfsBatchObject, context: TransferContext): Promise<void> {
  const upload = object.actions?.upload;
  if (!upload) return;
  if (upload.header?.chunk_size !== undefined) await uploadMultipart(file, upload, context);
  else
    await inSlots(context, file.size, () =>
      putWithRetry(context.transferOptions, context.retry, {
        url: upload.href,
        source: sourceOf(file),
        start: 0,
        end: file.size,
        onBytes: context.onBytes,
        stallTimeout: context.stallTimeout,
      }),
    );
  const verify = object.actions?.verify;
  if (verify) {
    const verified = context.verifySlots.run(() =>
      hubRequest(context.hubOptions, {
        method: "POST",
        url: verify.href,
        headers: { ...verify.header, accept: LFS_CONTENT_TYPE, "content-type": LFS_CONTENT_TYPE },
        json: { oid: file.sha256, size: file.size },
        idempotent: true,
        responseType: "response",
      }).then(finishBody),
    );
    // Awaited by the caller with the others; a failure is thrown there, not reported as unhandled now.
    verified.catch(() => undefined);
    context.verifications.push(verified);
  }
}

async function uploadMultipart(file: LfsFile, upload: LfsAction, context: TransferContext): Promise<void> {
  const header = upload.header ?? {};
  const chunkSize = Number(header.chunk_size);
  const parts = Object.keys(header)
    .filter((key) => /^\d+$/.test(key))
    .map((key) => ({ number: Number(key), url: header[key] as string }))
    .sort((a, b) => a.number - b.number);
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0 || parts.length !== Math.ceil(file.size / chunkSize)) {
    throw new HubError(
      `Invalid server response to upload large LFS file ${file.path}: ${parts.length} parts of ${String(header.chunk_size)} bytes for ${file.size} bytes`,
    );
  }
  const etags: string[] = new Array(parts.length);
  await forEachConcurrent(
    parts,
    context.concurrency,
    async (part, index) => {
      const start = index * chunkSize;
      const response = await inSlots(context, Math.min(file.size, start + chunkSize) - start, () =>
        putWithRetry(context.transferOptions, context.retry, {
          url: part.url,
          source: sourceOf(file),
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
    responseType: "response",
  }).then(finishBody);
}

/** The file's source, with the bytes read in the preupload step when it is small (no second read). */
function sourceOf(file: LfsFile): ByteSource {
  return file.bytes ? { ...file.source, bytes: file.bytes } : file.source;
}

/** Runs a PUT of `size` bytes once it has its slots (a streamed body takes a stream slot first, then a PUT slot). */
function inSlots<T>(context: TransferContext, size: number, put: () => Promise<T>): Promise<T> {
  return size > WHOLE_BODY_MAX_BYTES ? context.streamSlots.run(() => context.slots.run(put)) : context.slots.run(put);
}
