import { XetFormatError } from "./errors.ts";

/** Length in bytes of every Xet hash (chunk, xorb, file, verification, HMAC). */
export const XET_HASH_BYTES = 32;

const HEX_PATTERN = /^[0-9a-f]{64}$/;

/**
 * A Xet hash as text: four little-endian u64 words, each written as 16 lowercase hex digits, most
 * significant first (so the bytes of each 8-byte group appear reversed). Plain byte-order hex is wrong.
 */
export function xetHashToHex(hash: Uint8Array): string {
  if (hash.length !== XET_HASH_BYTES) throw new XetFormatError(`A Xet hash has 32 bytes, not ${hash.length}`);
  let text = "";
  for (let word = 0; word < 4; word++) {
    for (let index = 7; index >= 0; index--) text += (hash[word * 8 + index] as number).toString(16).padStart(2, "0");
  }
  return text;
}

/** The 32 bytes of a Xet hash written as 64 hex digits (see {@link xetHashToHex}); throws `XetFormatError` on anything else. */
export function xetHashFromHex(text: string): Uint8Array {
  const lower = text.toLowerCase();
  if (!HEX_PATTERN.test(lower)) throw new XetFormatError(`Not a Xet hash (64 hex digits): ${JSON.stringify(text.slice(0, 80))}`);
  const hash = new Uint8Array(XET_HASH_BYTES);
  for (let word = 0; word < 4; word++) {
    for (let index = 0; index < 8; index++)
      hash[word * 8 + 7 - index] = Number.parseInt(lower.slice(word * 16 + index * 2, word * 16 + index * 2 + 2), 16);
  }
  return hash;
}

/** True when the text is 64 hex digits (a Xet hash, a SHA-256). */
export function isXetHashHex(text: string): boolean {
  return HEX_PATTERN.test(text);
}

/** Byte-wise equality of two hashes. */
export function xetHashEquals(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}
