import { HubError } from "@hub/core";
import type { CommitContent, LazySource, SizedStream } from "./types.ts";

/** Bytes read as range streams; what every add operation's content is turned into. */
export interface ByteSource {
  size: number;
  /** A fresh stream of `[start, end)`. */
  read(start: number, end: number): ReadableStream<Uint8Array>;
  /** The range as a Blob without reading it, when the source is a Blob. */
  slice?(start: number, end: number): Blob;
  /** The bytes themselves, when the source is bytes in memory. */
  bytes?: Uint8Array;
  /** The range read at once, when the source can (a `LazySource` with `bytes`). */
  readRange?(start: number, end: number): Promise<Uint8Array>;
}

const CHUNK = 1024 * 1024;

/** Whether `value` is a `SizedStream` (a stream object plus a size). */
export function isSizedStream(value: unknown): value is SizedStream {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as SizedStream).size === "number" &&
    isReadableStream((value as SizedStream).stream)
  );
}

/** Whether `value` is a `LazySource` (a size plus a range stream factory). */
export function isLazySource(value: unknown): value is LazySource {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as LazySource).size === "number" &&
    typeof (value as LazySource).stream === "function" &&
    !(value instanceof Blob)
  );
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== "undefined" && value instanceof ReadableStream;
}

/** Whether `value` is an accepted `CommitContent`. */
export function isCommitContent(value: unknown): value is CommitContent {
  return (
    value instanceof Blob || value instanceof Uint8Array || value instanceof ArrayBuffer || isSizedStream(value) || isLazySource(value)
  );
}

/** A re-readable source for `content` (a one-shot `SizedStream` goes through `bufferSizedStream`). */
export function toByteSource(content: Exclude<CommitContent, SizedStream>): ByteSource {
  if (content instanceof Blob) {
    return {
      size: content.size,
      read: (start, end) => content.slice(start, end).stream(),
      slice: (start, end) => content.slice(start, end),
    };
  }
  if (content instanceof Uint8Array || content instanceof ArrayBuffer) {
    const bytes = content instanceof Uint8Array ? content : new Uint8Array(content);
    return { size: bytes.byteLength, read: (start, end) => bytesStream(bytes.subarray(start, end)), bytes };
  }
  const source: ByteSource = { size: content.size, read: (start, end) => content.stream(start, end) };
  if (typeof content.bytes === "function") source.readRange = (start, end) => content.bytes!(start, end);
  return source;
}

function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
}

/**
 * Reads a one-shot stream whole into memory (a Blob), so that it can be read again (hash, upload, commit line).
 * @throws {HubError} when its length is not the announced size.
 */
export async function bufferSizedStream(stream: SizedStream, path: string): Promise<ByteSource> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    chunks.push(next.value);
    length += next.value.byteLength;
  }
  if (length !== stream.size) throw new HubError(`The stream of ${path} had ${length} bytes, not the announced ${stream.size}`);
  return toByteSource(new Blob(chunks as BlobPart[]));
}

/** Reads the range into one buffer (small reads only: samples and regular files): bytes as they are, a Blob in one read. */
export async function readBytes(source: ByteSource, start = 0, end = source.size): Promise<Uint8Array> {
  if (source.bytes) return source.bytes.subarray(start, end);
  if (source.slice) return new Uint8Array(await source.slice(start, end).arrayBuffer());
  if (source.readRange) {
    const bytes = await source.readRange(start, end);
    if (bytes.byteLength !== end - start)
      throw new HubError(`Read ${bytes.byteLength} bytes instead of ${end - start}: the source is shorter than its size`);
    return bytes;
  }
  const result = new Uint8Array(end - start);
  let offset = 0;
  const reader = source.read(start, end).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const take = Math.min(value.byteLength, result.byteLength - offset);
    result.set(value.subarray(0, take), offset);
    offset += take;
    if (offset >= result.byteLength) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  if (offset !== result.byteLength)
    throw new HubError(`Read ${offset} bytes instead of ${result.byteLength}: the source is shorter than its size`);
  return result;
}
