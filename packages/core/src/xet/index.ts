export { XetChunker, xetChunkLengths, XET_MAX_CHUNK_SIZE, XET_MIN_CHUNK_SIZE, XET_TARGET_CHUNK_SIZE } from "./chunker.ts";
export { XetFormatError } from "./errors.ts";
export { setXetWasmEnabled, xetKernel } from "./wasm.ts";
export {
  isGlobalDedupEligible,
  type XetHashedRange,
  xetChunkHash,
  xetFileHash,
  xetHmac,
  xetMerkleRoot,
  xetVerificationHash,
  xetXorbHash,
} from "./hashes.ts";
export { isXetHashHex, XET_HASH_BYTES, xetHashEquals, xetHashFromHex, xetHashToHex } from "./hex.ts";
export { lz4CompressBlock, lz4CompressFrame, lz4DecompressBlock, lz4DecompressFrame, xxhash32 } from "./lz4.ts";
export {
  parseShard,
  serializeShard,
  XET_CHUNK_FLAG_GLOBAL_DEDUP,
  XET_FILE_FLAG_METADATA,
  XET_FILE_FLAG_VERIFICATION,
  XET_SHARD_FOOTER_BYTES,
  XET_SHARD_NO_EXPIRY,
  type XetShard,
  type XetShardChunk,
  type XetShardFile,
  type XetShardFooter,
  type XetShardTerm,
  type XetShardXorb,
} from "./shard.ts";
export {
  byteGroup4,
  byteUngroup4,
  compressChunk,
  decodeChunkRecord,
  decodeXorb,
  decompressChunk,
  readChunkRecords,
  serializeChunkRecord,
  serializeXorb,
  XET_CHUNK_HEADER_BYTES,
  XET_MAX_CHUNK_PAYLOAD,
  XET_MAX_XORB_BYTES,
  XET_MAX_XORB_CHUNKS,
  type XetChunkRecord,
  type XetCompression,
  type XetDecodedChunk,
  type XetSerializedXorb,
} from "./xorb.ts";
