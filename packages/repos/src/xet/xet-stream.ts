import { HubError, type HubOptions } from "@hub/core";
import { abortReason, createSha256 } from "@hub/core/internal";
import { DEFAULT_SEGMENTS, DEFAULT_STALL_TIMEOUT, downloadTimeoutFromEnvironment, fetchSpan, type Span } from "../transfer/blob-content.ts";
import { runLanes } from "../transfer/run-lanes.ts";
import { type PlacedTerm, Plan, planUnits, type Unit, UnitDecoder, XorbRangeSource } from "./plan.ts";
import { type XetFileSource, XetReconstructor } from "./reconstruction.ts";

/**
 * Decoded bytes held ahead of the reader, over all the xorb ranges in flight: beyond it a range stops
 * reading its body until the reader takes some, unless the reader waits for bytes only a held-back
 * range can give (a xorb range serving a later term before an earlier one).
 */
const LOOKAHEAD_BYTES = 16 * 1024 * 1024;

/** What `openXetStream` rebuilds: bytes `[start, end)` of a Xet file of `size` bytes. */
export interface XetStreamParams {
  /** Options of the requests; the Hub token goes to the read-token route only, never to the CAS or data URLs. */
  options: HubOptions;
  file: XetFileSource;
  /** The file's path in the repo, named in errors. */
  path: string;
  size: number;
  start: number;
  /** Exclusive; more than `start`. */
  end: number;
  /** The file's SHA-256 (its ETag): when the whole file is read, the last bytes are given only once it matches. */
  sha256?: string | undefined;
  /** Xorb ranges fetched at once (default 4). */
  concurrency?: number | undefined;
  /** Milliseconds without a byte before an attempt fails (default `HF_HUB_DOWNLOAD_TIMEOUT`, else 30 s). */
  stallTimeout?: number | undefined;
}

/**
 * Rebuilds bytes of a Xet-stored file as a web stream, with web APIs only. The reconstruction is
 * asked first (so that `XetUnavailableError` comes before any byte and the caller can use the LFS
 * bridge instead); then its xorb ranges are fetched in file order, `concurrency` at once, each
 * retried and resumed on its own, its signed URL renewed (by asking the reconstruction again) when
 * it expires, the read token renewed when the CAS refuses it. Chunks are decoded (none, LZ4, BG4) as
 * they arrive and handed to the reader in file order, cut to the range. Memory stays bounded by the
 * look-ahead (16 MiB of decoded bytes) and the reader's pace drives the network. The stream errors
 * (a typed `HubError`) on a corrupt chunk, a term that decodes to the wrong length, or (whole file) a
 * SHA-256 that does not match; with the request's error once its retries are spent; with the
 * signal's reason when `options.signal` fires. Cancelling the stream stops every request.
 * @throws {XetUnavailableError} when the server does not serve Xet for this file after all.
 * @throws {HubHttpError} 416 for a range past the end; the errors of the reconstruction request.
 */
export async function openXetStream(params: XetStreamParams): Promise<ReadableStream<Uint8Array>> {
  const { options, file, path, size, start, end } = params;
  const parent = options.signal;
  if (parent?.aborted) throw abortReason(parent);
  const fromEnvironment = downloadTimeoutFromEnvironment();
  const requestOptions =
    options.timeout === undefined && fromEnvironment !== undefined ? { ...options, timeout: fromEnvironment } : options;
  const stallTimeout = params.stallTimeout ?? fromEnvironment ?? DEFAULT_STALL_TIMEOUT;
  const controller = new AbortController();
  const onAbort = () => controller.abort(abortReason(parent!));
  parent?.addEventListener("abort", onAbort, { once: true });
  const detach = () => parent?.removeEventListener("abort", onAbort);
  const plan = new Plan(new XetReconstructor(requestOptions, file), { start, end: end - 1 }, controller.signal);
  let units: Unit[];
  try {
    units = planUnits(await plan.first(), start, end, size);
  } catch (error) {
    detach();
    throw parent?.aborted ? abortReason(parent) : error;
  }
  const hasher = params.sha256 && start === 0 && end === size ? await createSha256() : undefined;
  const corruption = (message: string) => new HubError(`Download of ${path} is corrupt: ${message}`);

  // Terms in file order, each with its decoded bytes (already cut to the range) not yet read.
  const terms = units.flatMap((unit) => unit.terms).sort((left, right) => left.index - right.index);
  const pending: Uint8Array[][] = terms.map(() => []);
  let current = 0;
  let buffered = 0;
  let handed = 0;
  let starving = false;
  let finished = false;
  let failure: { error: unknown } | undefined;
  let wakeReader: (() => void) | undefined;
  const roomWaiters: Array<() => void> = [];
  const wakeWriters = () => {
    for (const wake of roomWaiters.splice(0)) wake();
  };
  const wake = () => {
    wakeReader?.();
    wakeReader = undefined;
  };
  controller.signal.addEventListener("abort", () => {
    wakeWriters();
    wake();
  });

  const fetchUnit = async (unit: Unit) => {
    const decoder = new UnitDecoder(unit, corruption);
    const span: Span = { start: unit.fetch.byteStart, end: unit.fetch.byteEnd, written: 0 };
    const source = new XorbRangeSource(requestOptions, path, stallTimeout, unit, plan);
    const sink = async (pieces: Uint8Array[]) => {
      decoder.push(pieces, (term, chunk, at) => {
        // Only the part inside the range asked for is handed over.
        const from = Math.max(at, start);
        const to = Math.min(at + chunk.length, end);
        if (to > from) {
          (pending[term.index] as Uint8Array[]).push(chunk.subarray(from - at, to - at));
          buffered += to - from;
        }
      });
      wake();
      // Back-pressure: this range stops reading while the reader is far enough behind.
      while (buffered > LOOKAHEAD_BYTES && !starving && !controller.signal.aborted)
        await new Promise<void>((resolve) => roomWaiters.push(resolve));
    };
    await fetchSpan(source, span, sink, controller.signal);
    decoder.finish();
  };

  let next = 0;
  const lane = async () => {
    while (next < units.length && !controller.signal.aborted) await fetchUnit(units[next++] as Unit);
  };
  void runLanes(Math.min(params.concurrency ?? DEFAULT_SEGMENTS, units.length), lane, controller).then(
    () => {
      finished = true;
      wake();
    },
    (error: unknown) => {
      failure ??= { error: parent?.aborted ? abortReason(parent) : error };
      wake();
    },
  );

  const total = end - start;
  return new ReadableStream<Uint8Array>(
    {
      pull: async (stream) => {
        try {
          for (;;) {
            if (failure) throw failure.error;
            // Bytes already decoded are not handed over after an abort either.
            if (controller.signal.aborted) throw parent?.aborted ? abortReason(parent) : abortReason(controller.signal);
            const term = terms[current] as PlacedTerm | undefined;
            const queue = pending[current];
            const piece = queue?.shift();
            if (piece) {
              starving = false;
              buffered -= piece.length;
              if (buffered <= LOOKAHEAD_BYTES) wakeWriters();
              handed += piece.length;
              hasher?.update(piece);
              if (handed === total) {
                const digest = hasher?.digestHex();
                // The last bytes go out only with the whole file checked: a wrong file never reads as complete.
                if (digest !== undefined && digest !== params.sha256)
                  throw corruption(`content hash ${digest} does not match ETag ${params.sha256}`);
                stream.enqueue(piece);
                stream.close();
                detach();
                return;
              }
              stream.enqueue(piece);
              return;
            }
            if (term && term.decoded === term.length) {
              current++;
              continue;
            }
            if (!term || finished)
              throw corruption(`the reconstruction ended after ${handed} of the ${total} bytes asked (term ${current})`);
            // Nothing to read yet: every range may go on, even past the look-ahead, until this term's bytes come.
            starving = true;
            wakeWriters();
            await new Promise<void>((resolve) => (wakeReader = resolve));
          }
        } catch (error) {
          controller.abort(error);
          detach();
          throw error;
        }
      },
      cancel: (reason) => {
        controller.abort(reason ?? new DOMException("The download stream was cancelled", "AbortError"));
        detach();
      },
    },
    { highWaterMark: 0 },
  );
}
