import { HubError } from "@hub/core";
import { decodeChunkRecord, readChunkRecords, XET_CHUNK_HEADER_BYTES, XetFormatError } from "@hub/core/xet";

/**
 * Decodes a stream of serialized xorb bytes (consecutive chunk records, arriving in pieces of any
 * size) into raw chunks, in order: a record cut by a piece boundary waits for the next piece, so at
 * most one record (at most 256 KiB) is held.
 */
export class ChunkRecordStream {
  #pending: Uint8Array = new Uint8Array(0);

  /** Bytes received and not yet decoded (part of a record). */
  get pendingBytes(): number {
    return this.#pending.length;
  }

  /**
   * Decodes the complete records of `pending + pieces`.
   * @throws {HubError} on a malformed or undecodable record (corrupt data).
   */
  push(pieces: readonly Uint8Array[]): Uint8Array[] {
    const total = this.#pending.length + pieces.reduce((sum, piece) => sum + piece.length, 0);
    let bytes: Uint8Array;
    if (pieces.length === 1 && this.#pending.length === 0) bytes = pieces[0] as Uint8Array;
    else {
      bytes = new Uint8Array(total);
      bytes.set(this.#pending, 0);
      let offset = this.#pending.length;
      for (const piece of pieces) {
        bytes.set(piece, offset);
        offset += piece.length;
      }
    }
    const chunks: Uint8Array[] = [];
    let offset = 0;
    while (bytes.length - offset >= XET_CHUNK_HEADER_BYTES) {
      const payload = (bytes[offset + 1] as number) | ((bytes[offset + 2] as number) << 8) | ((bytes[offset + 3] as number) << 16);
      const end = offset + XET_CHUNK_HEADER_BYTES + payload;
      if (end > bytes.length) break;
      const record = bytes.subarray(offset, end);
      try {
        const [parsed] = readChunkRecords(record);
        if (!parsed || parsed.end !== record.length) throw new XetFormatError("not one chunk record");
        chunks.push(decodeChunkRecord(record, parsed));
      } catch (error) {
        if (error instanceof XetFormatError) throw new HubError(`Corrupt Xet chunk record: ${error.message}`);
        throw error;
      }
      offset = end;
    }
    // Copied, so that the piece it came from is not kept alive.
    this.#pending = bytes.slice(offset);
    return chunks;
  }
}
