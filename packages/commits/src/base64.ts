const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Pairs of base64 characters (two ASCII bytes, in the platform's byte order) for every 12-bit value. */
let pairs: Uint16Array | undefined;

function pairTable(): Uint16Array {
  if (!pairs) {
    pairs = new Uint16Array(4096);
    const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
    for (let value = 0; value < 4096; value++) {
      const first = ALPHABET.charCodeAt(value >> 6);
      const second = ALPHABET.charCodeAt(value & 63);
      pairs[value] = littleEndian ? first | (second << 8) : (first << 8) | second;
    }
  }
  return pairs;
}

/** Length of the base64 text of `byteLength` bytes (with padding). */
export function base64Length(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4;
}

/**
 * Writes the base64 of `bytes` as ASCII into `target` at `offset` and returns the offset after it.
 * Web APIs only (no Buffer), straight to bytes: no binary string, no `btoa`, no `TextEncoder`.
 * Pieces of a longer input concatenate into valid base64 when every piece but the last is a multiple of 3 bytes.
 */
export function encodeBase64Into(bytes: Uint8Array, target: Uint8Array, offset: number): number {
  const whole = bytes.byteLength - (bytes.byteLength % 3);
  // Two characters per 16-bit store: the output must start at an even address, else it goes through a copy.
  const aligned = (target.byteOffset + offset) % 2 === 0;
  const out = aligned ? target : new Uint8Array((whole / 3) * 4);
  const words = new Uint16Array(out.buffer, out.byteOffset + (aligned ? offset : 0), (whole / 3) * 2);
  const table = pairTable();
  let word = 0;
  for (let index = 0; index < whole; index += 3) {
    const value = (bytes[index]! << 16) | (bytes[index + 1]! << 8) | bytes[index + 2]!;
    words[word++] = table[value >> 12]!;
    words[word++] = table[value & 4095]!;
  }
  if (!aligned) target.set(out, offset);
  let end = offset + word * 2;
  const rest = bytes.byteLength - whole;
  if (rest > 0) {
    const value = (bytes[whole]! << 16) | (rest === 2 ? bytes[whole + 1]! << 8 : 0);
    target[end++] = ALPHABET.charCodeAt(value >> 18);
    target[end++] = ALPHABET.charCodeAt((value >> 12) & 63);
    target[end++] = rest === 2 ? ALPHABET.charCodeAt((value >> 6) & 63) : 61;
    target[end++] = 61;
  }
  return end;
}

/** Base64 of `bytes` with web APIs only (no Buffer). */
export function toBase64(bytes: Uint8Array): string {
  const text = new Uint8Array(base64Length(bytes.byteLength));
  encodeBase64Into(bytes, text, 0);
  return new TextDecoder().decode(text);
}
