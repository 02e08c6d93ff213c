import { type FileHandle, open, stat } from "node:fs/promises";
import type { LazySource } from "../types.ts";

/**
 * Bytes read from disk per chunk of a stream (a BYOB reader, as hashing, brings its own size). Each
 * streamed PUT holds about one chunk plus its encrypted copy while the socket drains: 1 MiB chunks
 * cost 10-15 MiB of peak RSS more than 256 KiB ones with five PUTs in flight (one 512 MiB file over
 * HTTPS), for no measurable CPU.
 */
const READ_SIZE = 256 * 1024;

/**
 * A lazy source reading `path` from disk range by range: nothing is read until a stream is pulled,
 * and only one chunk per stream is in memory (a 10 GB file costs a few MB).
 */
export function lazyFileSource(path: string, size: number): LazySource {
  return { size, stream: (start, end) => fileRangeStream(path, start, end), bytes: (start, end) => readFileRange(path, start, end) };
}

/** `[start, end)` of the file in one buffer: one open, reads until the range is full (or the file ends), one close. */
async function readFileRange(path: string, start: number, end: number): Promise<Uint8Array> {
  const file = await open(path, "r");
  try {
    const buffer = new Uint8Array(end - start);
    let filled = 0;
    while (filled < buffer.byteLength) {
      const { bytesRead } = await file.read(buffer, filled, buffer.byteLength - filled, start + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === buffer.byteLength ? buffer : buffer.subarray(0, filled);
  } finally {
    await file.close();
  }
}

/**
 * A lazy source for the file at `path` (its size read now), for `uploadFile`, `uploadFiles` and `createCommit`.
 * @throws the file system's error (e.g. `ENOENT`) when `path` is not a readable file.
 */
export async function fileSource(path: string): Promise<LazySource> {
  const stats = await stat(path);
  if (!stats.isFile()) throw new Error(`Not a file: ${path}`);
  return lazyFileSource(path, stats.size);
}

/**
 * A byte stream of `[start, end)` of the file: readers that bring their own buffer (BYOB, as the hashing
 * does) get it filled in place, so hashing a big file allocates nothing per chunk; default readers get
 * fresh 1 MiB chunks.
 */
function fileRangeStream(path: string, start: number, end: number): ReadableStream<Uint8Array> {
  let handle: Promise<FileHandle> | undefined;
  let closed = false;
  let position = start;
  // Closes the file once, whoever comes first: the end, an error, or a cancel (also while it is being opened).
  const close = async () => {
    if (closed) return;
    closed = true;
    const opened = handle;
    handle = undefined;
    await (await opened?.catch(() => undefined))?.close();
  };
  return new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: READ_SIZE,
    async pull(controller) {
      const request = controller.byobRequest!;
      try {
        if (closed) throw new Error(`${path} was closed`);
        handle ??= open(path, "r");
        const file = await handle;
        const view = request.view as Uint8Array;
        const length = Math.min(view.byteLength, end - position);
        if (length <= 0) {
          await close();
          controller.close();
          request.respond(0);
          return;
        }
        const { bytesRead } = await file.read(view, 0, length, position);
        if (bytesRead === 0) {
          await close();
          controller.error(new Error(`${path} is shorter than expected: it changed while being read`));
          return;
        }
        position += bytesRead;
        request.respond(bytesRead);
      } catch (error) {
        await close().catch(() => undefined);
        controller.error(error);
      }
    },
    cancel: close,
  }) as ReadableStream<Uint8Array>;
}
