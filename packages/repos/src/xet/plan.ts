import { HubError, HubHttpError, type HubOptions, hubRequest, redactUrl } from "@hub/core";
import { EXPIRED_URL_STATUSES, RangeIgnoredError, type SpanSource } from "../transfer/blob-content.ts";
import { ChunkRecordStream } from "./chunk-stream.ts";
import { type XetFetch, type XetReconstruction, type XetReconstructor, withoutHubToken } from "./reconstruction.ts";

// Term planning and signed-URL renewal of Xet downloads, shared by the Node cache download
// (node/xet-blob.ts) and the streaming download of the main entry (xet-stream.ts).

/** A term placed in the file: where its first byte goes, and how much of it is decoded. */
export interface PlacedTerm {
  index: number;
  xorb: string;
  chunkStart: number;
  chunkEnd: number;
  length: number;
  /** File offset of the term's first byte (may be before the resume offset: those bytes are skipped). */
  position: number;
  decoded: number;
  /** Of `decoded`, the bytes written (or skipped, before the resume offset): `[position, position + flushed)` is on disk. */
  flushed: number;
}

/** One xorb range to fetch and the terms it serves. */
export interface Unit {
  fetch: XetFetch;
  /** Bumped each time the reconstruction is asked again, to tell a stale URL from a fresh one. */
  generation: number;
  terms: PlacedTerm[];
  /** First file offset it serves (units start in this order). */
  first: number;
}

/**
 * The reconstruction of `[offset, size)` and a single-flight renewal of it: when signed URLs expire,
 * the same range is asked again and each unit takes the fresh URL that covers its bytes.
 */
export class Plan {
  readonly #reconstructor: XetReconstructor;
  readonly #range: { start: number; end: number };
  readonly #signal: AbortSignal | undefined;
  generation = 0;
  #latest: XetReconstruction | undefined;
  #pending: Promise<void> | undefined;

  constructor(reconstructor: XetReconstructor, range: { start: number; end: number }, signal: AbortSignal | undefined) {
    this.#reconstructor = reconstructor;
    this.#range = range;
    this.#signal = signal;
  }

  async first(): Promise<XetReconstruction> {
    this.#latest = await this.#reconstructor.reconstruct(this.#range.start, this.#range.end, this.#signal);
    return this.#latest;
  }

  /** Gives `unit` a fresh URL (asking the CAS again unless another unit just did). */
  async renew(unit: Unit): Promise<void> {
    if (unit.generation === this.generation) {
      this.#pending ??= this.#reconstructor
        .reconstruct(this.#range.start, this.#range.end, this.#signal)
        .then((latest) => {
          this.#latest = latest;
          this.generation++;
        })
        .finally(() => {
          this.#pending = undefined;
        });
      await this.#pending;
    }
    const { fetch } = unit;
    const fresh = this.#latest?.fetches.find(
      (candidate) => candidate.xorb === fetch.xorb && candidate.byteStart <= fetch.byteStart && candidate.byteEnd >= fetch.byteEnd,
    );
    if (!fresh)
      throw new HubError(`The renewed Xet reconstruction no longer covers bytes ${fetch.byteStart}-${fetch.byteEnd} of xorb ${fetch.xorb}`);
    unit.fetch = { ...fetch, url: fresh.url };
    unit.generation = this.generation;
  }
}

/** A xorb range behind a signed URL (no Hub token), renewed through the plan when it expires. */
export class XorbRangeSource implements SpanSource {
  readonly options: HubOptions;
  readonly source: { path: string };
  readonly stallTimeout: number;
  readonly #unit: Unit;
  readonly #plan: Plan;

  constructor(options: HubOptions, path: string, stallTimeout: number, unit: Unit, plan: Plan) {
    this.options = withoutHubToken(options);
    this.source = { path };
    this.stallTimeout = stallTimeout;
    this.#unit = unit;
    this.#plan = plan;
  }

  async open(
    from: number,
    end: number | undefined,
    _plain: boolean,
    signal: AbortSignal | undefined,
  ): Promise<{ response: Response; url: string }> {
    for (let renewed = false; ; renewed = true) {
      const url = this.#unit.fetch.url;
      try {
        const response: Response = await hubRequest(this.options, {
          url,
          headers: { "accept-encoding": "identity", range: `bytes=${from}-${end ?? ""}` },
          responseType: "response",
          signal,
        });
        const ranged = response.status === 206 && response.headers.get("content-range")?.startsWith(`bytes ${from}-`);
        // A whole answer is the signed range itself, good only when that is what was asked.
        if (!ranged && !(response.status === 200 && from === this.#unit.fetch.byteStart && end === this.#unit.fetch.byteEnd)) {
          await response.body?.cancel().catch(() => undefined);
          throw new RangeIgnoredError(`The Xet data URL did not answer the range ${from}-${end ?? ""} (got ${response.status})`);
        }
        return { response, url: redactUrl(url) };
      } catch (error) {
        if (renewed || !(error instanceof HubHttpError) || !EXPIRED_URL_STATUSES.has(error.status)) throw error;
        await this.#plan.renew(this.#unit);
      }
    }
  }
}

/**
 * Places the terms of the reconstruction of bytes `[start, end)` of a file of `size` bytes and gives
 * each to the fetch range that holds its chunks. The terms may run past `end` inside their last
 * term (whole chunks), never when `end` is the end of the file.
 * @throws {HubError} when the terms do not cover the bytes asked or a term has no data URL.
 */
export function planUnits(reconstruction: XetReconstruction, start: number, end: number, size: number): Unit[] {
  const { terms, fetches, offsetIntoFirstRange } = reconstruction;
  const total = terms.reduce((sum, term) => sum + term.length, 0);
  const excess = total - offsetIntoFirstRange - (end - start);
  if (
    excess < 0 ||
    (excess > 0 && (end === size || excess >= (terms.at(-1)?.length ?? 0))) ||
    offsetIntoFirstRange > (terms[0]?.length ?? 0)
  )
    throw new HubError(
      `The Xet reconstruction gives ${total - offsetIntoFirstRange} bytes for the ${end - start} bytes asked (from ${start} of ${size})`,
    );
  const units = fetches.map((fetch): Unit => ({ fetch, generation: 0, terms: [], first: Number.POSITIVE_INFINITY }));
  const byXorb = new Map<string, Unit[]>();
  for (const unit of units) byXorb.set(unit.fetch.xorb, [...(byXorb.get(unit.fetch.xorb) ?? []), unit]);
  let position = start - offsetIntoFirstRange;
  terms.forEach((term, index) => {
    const unit = byXorb
      .get(term.xorb)
      ?.find((candidate) => candidate.fetch.chunkStart <= term.chunkStart && candidate.fetch.chunkEnd >= term.chunkEnd);
    if (!unit) throw new HubError(`The Xet reconstruction has no data URL for term ${index} (xorb ${term.xorb})`);
    unit.terms.push({ ...term, index, position, decoded: 0, flushed: 0 });
    unit.first = Math.min(unit.first, Math.max(position, start));
    position += term.length;
  });
  return units.filter((unit) => unit.terms.length > 0).sort((left, right) => left.first - right.first);
}

/**
 * Decodes the serialized bytes of one unit (its xorb range, arriving in pieces of any size) and hands
 * each chunk to every term of the unit that uses it, with the file offset where it goes; checks that
 * each term decodes to its length and the range to its chunk count. Errors come from `corruption`.
 */
export class UnitDecoder {
  readonly #unit: Unit;
  readonly #corruption: (message: string) => Error;
  readonly #records = new ChunkRecordStream();
  #chunkIndex: number;

  constructor(unit: Unit, corruption: (message: string) => Error) {
    this.#unit = unit;
    this.#corruption = corruption;
    this.#chunkIndex = unit.fetch.chunkStart;
  }

  /** Decodes `pieces`; `place(term, chunk, at)` gets each decoded chunk of each term (`at`: its file offset). */
  push(pieces: Uint8Array[], place: (term: PlacedTerm, chunk: Uint8Array, at: number) => void): void {
    let chunks: Uint8Array[];
    try {
      chunks = this.#records.push(pieces);
    } catch (error) {
      throw this.#corruption((error as Error).message);
    }
    const terms = this.#unit.terms;
    for (const chunk of chunks) {
      for (const term of terms) {
        if (this.#chunkIndex < term.chunkStart || this.#chunkIndex >= term.chunkEnd) continue;
        const at = term.position + term.decoded;
        term.decoded += chunk.length;
        if (term.decoded > term.length) throw this.#corruption(`term ${term.index} decodes to more than its ${term.length} bytes`);
        place(term, chunk, at);
      }
      this.#chunkIndex++;
    }
    for (const term of terms) {
      if (this.#chunkIndex >= term.chunkEnd && term.decoded !== term.length)
        throw this.#corruption(`term ${term.index} decodes to ${term.decoded} bytes, not ${term.length}`);
    }
  }

  /** Checks, once the range is fetched, that it held exactly its chunks. */
  finish(): void {
    const { fetch } = this.#unit;
    if (this.#chunkIndex !== fetch.chunkEnd || this.#records.pendingBytes > 0)
      throw this.#corruption(
        `xorb ${fetch.xorb} bytes ${fetch.byteStart}-${fetch.byteEnd} hold ${this.#chunkIndex - fetch.chunkStart} whole chunks, not ${fetch.chunkEnd - fetch.chunkStart}`,
      );
  }
}
