import { blake3Keyed } from "./blake3.ts";
import { XetFormatError } from "./errors.ts";
import { XET_HASH_BYTES, xetHashToHex } from "./hex.ts";

// BLAKE3 keys of the Xet hashes (xet-core merklehash/data_hash.rs, metadata_shard/chunk_verification.rs).
const DATA_KEY = new Uint8Array([
  102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28, 157, 228, 33, 16, 155, 235, 43, 88, 180, 208, 176, 75, 147, 173,
  242, 41,
]);
const INTERNAL_NODE_KEY = new Uint8Array([
  1, 126, 197, 199, 165, 71, 41, 150, 253, 148, 102, 102, 180, 138, 2, 230, 93, 221, 83, 111, 55, 199, 109, 210, 248, 99, 82, 230, 74, 83,
  113, 63,
]);
const VERIFICATION_KEY = new Uint8Array([
  127, 24, 87, 214, 206, 86, 237, 102, 18, 127, 249, 19, 231, 165, 195, 243, 164, 205, 38, 213, 181, 219, 73, 230, 65, 36, 152, 127, 40,
  251, 148, 195,
]);
const FILE_KEY = new Uint8Array(32);

/** A leaf or node of the Xet merkle tree: a hash and the number of raw bytes under it. */
export interface XetHashedRange {
  hash: Uint8Array;
  size: number;
}

function keyedHash(key: Uint8Array, message: Uint8Array): Uint8Array {
  return blake3Keyed(key, message);
}

/** The hash of one chunk: BLAKE3 keyed with the data key. */
export function xetChunkHash(chunk: Uint8Array): Uint8Array {
  return keyedHash(DATA_KEY, chunk);
}

const encoder = new TextEncoder();

function mergeNodes(nodes: readonly XetHashedRange[]): XetHashedRange {
  let text = "";
  let size = 0;
  for (const node of nodes) {
    text += `${xetHashToHex(node.hash)} : ${node.size}\n`;
    size += node.size;
  }
  return { hash: keyedHash(INTERNAL_NODE_KEY, encoder.encode(text)), size };
}

// A parent takes 2 to 9 children: it closes after the first child (from the third on) whose last u64 word is 0 mod 4.
function groupSize(level: readonly XetHashedRange[], start: number): number {
  const remaining = level.length - start;
  if (remaining <= 2) return remaining;
  const end = Math.min(9, remaining);
  for (let offset = 2; offset < end; offset++) {
    if (((level[start + offset] as XetHashedRange).hash[24] as number) % 4 === 0) return offset + 1;
  }
  return end;
}

/** The root of the Xet merkle tree over leaves in order; 32 zero bytes for no leaf, the leaf itself for one. */
export function xetMerkleRoot(leaves: readonly XetHashedRange[]): Uint8Array {
  if (leaves.length === 0) return new Uint8Array(XET_HASH_BYTES);
  let level = leaves;
  while (level.length > 1) {
    const next: XetHashedRange[] = [];
    for (let start = 0; start < level.length;) {
      const size = groupSize(level, start);
      next.push(mergeNodes(level.slice(start, start + size)));
      start += size;
    }
    level = next;
  }
  return (level[0] as XetHashedRange).hash;
}

/** The hash of a xorb: the merkle root over its chunks (hash and raw length), in xorb order. */
export function xetXorbHash(chunks: readonly XetHashedRange[]): Uint8Array {
  return xetMerkleRoot(chunks);
}

/** The hash of a file: the merkle root over all its chunks, keyed again with the zero key; 32 zero bytes for an empty file. */
export function xetFileHash(chunks: readonly XetHashedRange[]): Uint8Array {
  if (chunks.length === 0) return new Uint8Array(XET_HASH_BYTES);
  return keyedHash(FILE_KEY, xetMerkleRoot(chunks));
}

/** The verification hash of a term: BLAKE3 keyed over the raw 32-byte chunk hashes of a xorb's chunk range. */
export function xetVerificationHash(chunkHashes: readonly Uint8Array[]): Uint8Array {
  const message = new Uint8Array(chunkHashes.length * XET_HASH_BYTES);
  chunkHashes.forEach((hash, index) => message.set(hash, index * XET_HASH_BYTES));
  return keyedHash(VERIFICATION_KEY, message);
}

/** The keyed hash (HMAC) of a chunk hash under a dedup shard's key. */
export function xetHmac(hash: Uint8Array, key: Uint8Array): Uint8Array {
  if (key.length !== XET_HASH_BYTES) throw new XetFormatError(`An HMAC key has 32 bytes, not ${key.length}`);
  return keyedHash(key, hash);
}

// The last u64 word of a hash modulo a power of two up to 65536 (its low two bytes decide).
function xetHashLastWordMod(hash: Uint8Array, divisor: number): number {
  return ((hash[24] as number) | ((hash[25] as number) << 8)) % divisor;
}

/** Whether a chunk is indexed for global dedup by its hash alone (last u64 word ≡ 0 mod 1024). */
export function isGlobalDedupEligible(hash: Uint8Array): boolean {
  return xetHashLastWordMod(hash, 1024) === 0;
}
