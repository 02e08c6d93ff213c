import { open, rename, rm, stat, truncate } from "node:fs/promises";
import { HubError } from "@hub/core";
import { DEFAULT_SEGMENTS, DEFAULT_STALL_TIMEOUT, downloadTimeoutFromEnvironment, fetchSpan, type Span } from "../transfer/blob-content.ts";
import { runLanes } from "../transfer/run-lanes.ts";
import { type PlacedTerm, Plan, planUnits, type Unit, UnitDecoder, XorbRangeSource } from "../xet/plan.ts";
import { type XetFileSource, XetReconstructor } from "../xet/reconstruction.ts";
import { digestMismatch, hashSpec } from "./blob-verifier.ts";
import type { FetchBlobParams } from "./fetch-blob.ts";
import { PrefixCommitter } from "./prefix-committer.ts";

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/**
 * Downloads a Xet-stored file by reconstruction, under the caller's lock: the CAS lists the xorb
 * ranges that make the file from the resume offset on (the size of `.incomplete`); `segments` of
 * them are fetched at once (each retried and resumed on its own, its signed URL renewed by asking
 * the reconstruction again when it expires), their chunks decoded (none, LZ4, BG4) as they arrive
 * and written where their terms go in a scratch file. The complete prefix moves into `.incomplete`
 * in order and is hashed on the way, so a partial file is always a prefix (after an abort, a
 * failure or a kill) and the SHA-256 is checked as soon as the last byte is written; then
 * `.incomplete` becomes the blob. Memory stays bounded: a chunk record per range in flight.
 * @throws {HubError} when the bytes do not match the ETag or a chunk is corrupt (nothing is kept);
 *   {XetUnavailableError} when the server does not serve Xet after all; the requests' errors.
 */
export async function downloadXet(params: FetchBlobParams, xet: XetFileSource, size: number): Promise<void> {
  const { target, etag } = params;
  const incomplete = `${target}.incomplete`;
  const scratch = `${target}.hub-sdk.part`;
  // We hold the lock: a scratch file left here belongs to a process that died.
  await rm(scratch, { force: true });
  let offset = await fileSize(incomplete);
  if (offset > size) {
    await truncate(incomplete, 0);
    offset = 0;
  }
  const parent = params.options.signal;
  const fromEnvironment = downloadTimeoutFromEnvironment();
  const options =
    params.options.timeout === undefined && fromEnvironment !== undefined
      ? { ...params.options, timeout: fromEnvironment }
      : params.options;
  const stallTimeout = params.stallTimeout ?? fromEnvironment ?? DEFAULT_STALL_TIMEOUT;
  const reconstructor = new XetReconstructor(options, xet);
  const plan = new Plan(reconstructor, { start: offset, end: size - 1 }, parent);
  // Asked before anything is opened: a server without Xet makes the caller fall back with nothing touched.
  const units = offset < size ? planUnits(await plan.first(), offset, size, size) : [];
  const output = await open(incomplete, offset > 0 ? "r+" : "w");
  const handle = await open(scratch, "w+");
  const committer = new PrefixCommitter(handle, output, hashSpec(etag, size), offset);
  if (offset > 0) params.onBytes?.(offset, true);
  let written = 0;
  let corrupt = false;
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener("abort", onAbort, { once: true });
  // Terms in file order: the complete prefix ends at the first one not done.
  const ordered = units.flatMap((unit) => unit.terms).sort((left, right) => left.index - right.index);
  let nextOpen = 0;
  const frontier = () => {
    while (nextOpen < ordered.length && ordered[nextOpen]!.flushed === ordered[nextOpen]!.length) nextOpen++;
    const first = ordered[nextOpen];
    return first ? Math.min(size, Math.max(offset, first.position + first.flushed)) : size;
  };
  try {
    let next = 0;
    const lane = async () => {
      while (next < units.length && !controller.signal.aborted) await fetchUnit(units[next++]!);
    };
    const fetchUnit = async (unit: Unit) => {
      const decoder = new UnitDecoder(unit, corruption);
      const span: Span = { start: unit.fetch.byteStart, end: unit.fetch.byteEnd, written: 0 };
      const source = new XorbRangeSource(options, params.source.path, stallTimeout, unit, plan);
      const sink = async (pieces: Uint8Array[]) => {
        const writes: { term: PlacedTerm; data: Uint8Array; position: number; decoded: number }[] = [];
        decoder.push(pieces, (term, chunk, at) => {
          // Bytes before the resume offset are in `.incomplete` already.
          const skip = Math.min(chunk.length, Math.max(0, offset - at));
          writes.push({ term, data: chunk.subarray(skip), position: at + skip, decoded: chunk.length });
        });
        let bytes = 0;
        for (const write of writes) {
          if (write.data.length > 0) await handle.write(write.data, 0, write.data.length, write.position);
          write.term.flushed += write.decoded;
          bytes += write.data.length;
        }
        written += bytes;
        if (bytes > 0) params.onBytes?.(bytes);
        committer.advance(frontier());
      };
      await fetchSpan(source, span, sink, controller.signal);
      decoder.finish();
    };
    const corruption = (message: string) => {
      corrupt = true;
      return new HubError(`Download of ${params.source.path} is corrupt: ${message}`);
    };
    await runLanes(Math.min(params.segments ?? DEFAULT_SEGMENTS, units.length), lane, controller);
    if (parent?.aborted) throw parent.reason;
    const digest = await committer.finish(size);
    const mismatch = digest === undefined ? undefined : digestMismatch(digest, etag);
    if (mismatch) {
      corrupt = true;
      throw new HubError(`Download of ${params.source.path} is corrupt: ${mismatch}`);
    }
    await output.close();
    await handle.close();
    await rm(scratch, { force: true });
    await rename(incomplete, target);
  } catch (error) {
    // What is complete from the first byte stays in `.incomplete` for the next run; corrupt data does not.
    const kept = corrupt ? 0 : await committer.settle(frontier()).catch(() => committer.committed);
    await output.close().catch(() => undefined);
    await handle.close().catch(() => undefined);
    await rm(scratch, { force: true });
    if (corrupt) await rm(incomplete, { force: true });
    if (kept < offset) params.onBytes?.(kept - offset, true);
    params.onBytes?.(-(written - Math.max(0, kept - offset)));
    throw parent?.aborted ? parent.reason : error;
  } finally {
    parent?.removeEventListener("abort", onAbort);
  }
}
