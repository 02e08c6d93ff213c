/**
 * Bytes that do not follow the Xet formats (a chunk record, an LZ4 frame, a shard, a hash string).
 * The server answers 400 with its message; clients treat it as corrupt data.
 */
export class XetFormatError extends Error {
  override readonly name = "XetFormatError";
}
