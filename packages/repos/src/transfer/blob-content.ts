import { HubError, HubHttpError, HubNetworkError, type HubOptions, HubTimeoutError, hubRequest, redactUrl, resolveHubUrl } from "@hub/core";
import { abortReason, backoffDelay, resolvePath, retrySettings, runtimeEnvironment, sleep, type FileLocation } from "@hub/core/internal";
import { readBatches } from "./read-body.ts";

/** Parallel ranges per large file (and xorb ranges in flight per Xet file). */
export const DEFAULT_SEGMENTS = 4;

/** Default stall timeout of transfers: no byte for this long fails the attempt (milliseconds). */
export const DEFAULT_STALL_TIMEOUT = 30_000;

/**
 * `HF_HUB_DOWNLOAD_TIMEOUT` (seconds, as the Python client reads it) in milliseconds, read through
 * core's runtime environment; `undefined` when unset or not a positive number (the defaults apply).
 */
export function downloadTimeoutFromEnvironment(): number | undefined {
  const value = runtimeEnvironment()?.HF_HUB_DOWNLOAD_TIMEOUT?.trim();
  const seconds = value ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds * 1000) : undefined;
}

/**
 * The largest single GET we send: the Hub's CDN refuses one request for more than 50 GB, so a
 * resume or a download without parallel ranges of a larger file asks for bounded ranges.
 */
export const MAX_SINGLE_GET_BYTES = 50_000_000_000;

/** Received bytes are handed to the file in batches of about this size (one write in flight). */
export const WRITE_BATCH_BYTES = 256 * 1024;

/** Statuses of a signed storage URL that expired or was revoked: the Hub is asked for a fresh one. */
export const EXPIRED_URL_STATUSES = new Set([401, 403, 410]);

/** The server answered a range request with something else than that range (usually the whole file). */
export class RangeIgnoredError extends HubError {
  override name = "RangeIgnoredError";
}

/** A part of the file, `[start, end]` inclusive (`end` unknown: to the end), of which `written` bytes are on disk. */
export interface Span {
  start: number;
  end: number | undefined;
  written: number;
  /** While nothing is written, fetch it with a plain GET (no `Range`): it is the whole file. */
  plain?: boolean;
  /** Ask for `bytes=N-` (as the Python client resumes) although `end` is known; `end` still checks the length. */
  openEnded?: boolean;
}

/** Receives `bytes` of the span at absolute file offset `position`; resolves when they are stored. */
export type SpanSink = (chunks: Uint8Array[], bytes: number, position: number) => Promise<void>;

/** Where the bytes of a span come from: `open` answers a range request; `fetchSpan` retries and resumes around it. */
export interface SpanSource {
  /** Options of the requests (their retry settings bound the resumes). */
  readonly options: HubOptions;
  /** The file, named in errors. */
  readonly source: { path: string };
  /** Milliseconds without data before an attempt fails. */
  readonly stallTimeout: number;
  /** GETs `[from, end]` (a plain GET when `plain`). @throws {RangeIgnoredError} when the range is not answered. */
  open(
    from: number,
    end: number | undefined,
    plain: boolean,
    signal: AbortSignal | undefined,
  ): Promise<{ response: Response; url: string }>;
}

/**
 * Where the bytes of one file come from: its `resolve` URL, or the storage URL it redirected to
 * (kept, so that later ranges skip the redirect). Every request goes through `hubRequest` (its
 * retries before the answer, its timeout on the headers, the token only on the Hub's origin).
 */
export class BlobContent implements SpanSource {
  readonly options: HubOptions;
  readonly source: FileLocation;
  readonly stallTimeout: number;
  #location: string | undefined;

  constructor(options: HubOptions, source: FileLocation, location: string | undefined, stallTimeout: number | undefined) {
    const fromEnvironment = downloadTimeoutFromEnvironment();
    // As the Python client: HF_HUB_DOWNLOAD_TIMEOUT bounds the wait for the headers and for each read.
    this.options = options.timeout === undefined && fromEnvironment !== undefined ? { ...options, timeout: fromEnvironment } : options;
    this.source = source;
    this.#location = location;
    this.stallTimeout = stallTimeout ?? fromEnvironment ?? DEFAULT_STALL_TIMEOUT;
  }

  /**
   * GETs `[from, end]` (a plain GET when `plain`), checking that a range request got that range.
   * A signed storage URL that answers 401/403/410 has expired: the `resolve` URL is asked again
   * (the Hub redirects to a fresh one) and the request goes on from there, once per call.
   * @throws {RangeIgnoredError} when a range request is not answered with that range.
   */
  async open(
    from: number,
    end: number | undefined,
    plain: boolean,
    signal: AbortSignal | undefined,
  ): Promise<{ response: Response; url: string }> {
    for (let renewed = false; ; renewed = true) {
      const location = this.#location;
      try {
        const response: Response = await hubRequest(this.options, {
          ...(location ? { url: location } : { path: resolvePath(this.source) }),
          // Compressed bodies would not match sizes, offsets and hashes.
          headers: plain ? { "accept-encoding": "identity" } : { "accept-encoding": "identity", range: `bytes=${from}-${end ?? ""}` },
          responseType: "response",
          signal,
        });
        const url = redactUrl(response.url || location || resolveHubUrl(this.options));
        if (!plain && !(response.status === 206 && response.headers.get("content-range")?.startsWith(`bytes ${from}-`))) {
          await response.body?.cancel().catch(() => undefined);
          throw new RangeIgnoredError(
            `The server did not answer the range ${from}-${end ?? ""} of ${this.source.path} (got ${response.status})`,
          );
        }
        // Later requests go straight where this one was sent (one redirect per file, not one per range).
        if (response.redirected && response.url) this.#location = response.url;
        return { response, url };
      } catch (error) {
        if (location === undefined || renewed || !(error instanceof HubHttpError) || !EXPIRED_URL_STATUSES.has(error.status)) throw error;
        if (this.#location === location) this.#location = undefined;
      }
    }
  }
}

/**
 * Fetches what is missing of `span` into `sink`, retrying on its own, with backoff, when the body
 * breaks, stalls or ends early: each new attempt asks for the range from the last byte stored, so
 * nothing is fetched twice. Failed attempts in a row are bounded by the retry budget (an attempt
 * that brought bytes resets the count). Failures before an answer are `hubRequest`'s to retry.
 * @throws {HubNetworkError}, {HubTimeoutError} once the budget is spent; {RangeIgnoredError};
 *   the request's other errors and the sink's; the signal's reason when aborted.
 */
export async function fetchSpan(content: SpanSource, span: Span, sink: SpanSink, signal: AbortSignal | undefined): Promise<void> {
  const settings = retrySettings(content.options.retry);
  for (let failures = 0; ;) {
    const from = span.start + span.written;
    if (span.end !== undefined && from > span.end) return;
    const before = span.written;
    let opened = false;
    try {
      const { response, url } = await content.open(from, span.openEnded ? undefined : span.end, span.plain === true && from === 0, signal);
      opened = true;
      await readBatches(response, url, content.stallTimeout, WRITE_BATCH_BYTES, async (chunks, bytes) => {
        const position = span.start + span.written;
        if (span.end !== undefined && position + bytes > span.end + 1)
          throw new HubError(`The server sent more than the ${span.end + 1 - span.start} bytes asked for ${content.source.path}`);
        await sink(chunks, bytes, position);
        span.written += bytes;
        // An abort is seen between batches too, not only while waiting for the network.
        if (signal?.aborted) throw abortReason(signal);
      });
      if (span.end !== undefined && span.start + span.written <= span.end) {
        throw new HubNetworkError(
          "GET",
          url,
          new Error(`the body ended after ${span.start + span.written - from} of ${span.end + 1 - from} bytes`),
        );
      }
      return;
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      if (!opened || !(error instanceof HubNetworkError || error instanceof HubTimeoutError)) throw error;
      failures = span.written > before ? 1 : failures + 1;
      if (failures >= settings.attempts) throw error;
      await sleep(backoffDelay(failures, settings), signal);
    }
  }
}

/** Names the file in an error of ours that reaches the caller. */
export function nameFile(error: unknown, path: string): unknown {
  if (error instanceof HubError && !error.message.startsWith(`Download of ${path}`))
    error.message = `Download of ${path} failed: ${error.message}`;
  return error;
}
