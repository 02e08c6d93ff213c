import { createSha256 } from "#sha256";
import { type HashSource, readChunks } from "./hash-source.ts";

/** Options of `sha256`. */
export interface Sha256Options {
  /** Called after each chunk with the number of bytes hashed so far. */
  onProgress?: (bytes: number) => void;
  /** Stops hashing (and cancels a stream source). */
  signal?: AbortSignal;
}

/**
 * Hex SHA-256 of a Blob, byte stream, async iterable of chunks or buffer, read chunk by chunk (never whole in memory).
 * Uses node:crypto on Node and @noble/hashes elsewhere, chosen by the `#sha256` import condition.
 * @throws the signal's reason (or a `DOMException` named `AbortError`) when aborted.
 */
export async function sha256(source: HashSource, options: Sha256Options = {}): Promise<string> {
  const hasher = await createSha256();
  let bytes = 0;
  for await (const chunk of readChunks(source, options.signal)) {
    hasher.update(chunk);
    bytes += chunk.byteLength;
    options.onProgress?.(bytes);
  }
  return hasher.digestHex();
}
