import { XetFormatError } from "./errors.ts";

// LZ4 block and frame codecs, as the Xet chunk schemes use them (a chunk is at most 128 KiB, one block).
const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MIN_MATCH = 4;
// The block format's end rules: the last 5 bytes are literals, and the last match starts 12 bytes before the end at the latest.
const LAST_LITERALS = 5;
const MATCH_FIND_LIMIT = 12;
const HASH_BITS = 14;
const MAX_OFFSET = 65_535;

const PRIME32_1 = 0x9e3779b1;
const PRIME32_2 = 0x85ebca77;
const PRIME32_3 = 0xc2b2ae3d;
const PRIME32_4 = 0x27d4eb2f;
const PRIME32_5 = 0x165667b1;

function rotl(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

function readU32(data: Uint8Array, offset: number): number {
  return (
    ((data[offset] as number) |
      ((data[offset + 1] as number) << 8) |
      ((data[offset + 2] as number) << 16) |
      ((data[offset + 3] as number) << 24)) >>>
    0
  );
}

/** xxHash32 (seed 0 by default): the checksum of LZ4 frame descriptors, blocks and contents. */
export function xxhash32(data: Uint8Array, seed = 0): number {
  const length = data.length;
  let offset = 0;
  let hash: number;
  if (length >= 16) {
    let v1 = (seed + PRIME32_1 + PRIME32_2) >>> 0;
    let v2 = (seed + PRIME32_2) >>> 0;
    let v3 = seed >>> 0;
    let v4 = (seed - PRIME32_1) >>> 0;
    const round = (accumulator: number, input: number) =>
      Math.imul(rotl((accumulator + Math.imul(input, PRIME32_2)) >>> 0, 13), PRIME32_1) >>> 0;
    for (; offset + 16 <= length; offset += 16) {
      v1 = round(v1, readU32(data, offset));
      v2 = round(v2, readU32(data, offset + 4));
      v3 = round(v3, readU32(data, offset + 8));
      v4 = round(v4, readU32(data, offset + 12));
    }
    hash = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) >>> 0;
  } else hash = (seed + PRIME32_5) >>> 0;
  hash = (hash + length) >>> 0;
  for (; offset + 4 <= length; offset += 4)
    hash = Math.imul(rotl((hash + Math.imul(readU32(data, offset), PRIME32_3)) >>> 0, 17), PRIME32_4) >>> 0;
  for (; offset < length; offset++)
    hash = Math.imul(rotl((hash + Math.imul(data[offset] as number, PRIME32_5)) >>> 0, 11), PRIME32_1) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 15), PRIME32_2) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 13), PRIME32_3) >>> 0;
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** Decodes one LZ4 block into `output` from `outputStart` (matches may reach back to `windowStart`); returns the end of the decoded bytes. */
function decodeBlock(input: Uint8Array, output: Uint8Array, outputStart: number, windowStart: number): number {
  let inputIndex = 0;
  let outputIndex = outputStart;
  const inputEnd = input.length;
  while (inputIndex < inputEnd) {
    const token = input[inputIndex++] as number;
    let literalLength = token >>> 4;
    if (literalLength === 15) {
      let byte: number;
      do {
        if (inputIndex >= inputEnd) throw new XetFormatError("LZ4 block ends inside a literal length");
        byte = input[inputIndex++] as number;
        literalLength += byte;
      } while (byte === 255);
    }
    if (inputIndex + literalLength > inputEnd || outputIndex + literalLength > output.length)
      throw new XetFormatError("LZ4 literals run past the end of the block or of the output");
    output.set(input.subarray(inputIndex, inputIndex + literalLength), outputIndex);
    inputIndex += literalLength;
    outputIndex += literalLength;
    if (inputIndex === inputEnd) return outputIndex;
    if (inputIndex + 2 > inputEnd) throw new XetFormatError("LZ4 block ends inside a match offset");
    const offset = (input[inputIndex] as number) | ((input[inputIndex + 1] as number) << 8);
    inputIndex += 2;
    if (offset === 0 || offset > outputIndex - windowStart)
      throw new XetFormatError("LZ4 match offset points before the start of the output");
    let matchLength = (token & 15) + MIN_MATCH;
    if ((token & 15) === 15) {
      let byte: number;
      do {
        if (inputIndex >= inputEnd) throw new XetFormatError("LZ4 block ends inside a match length");
        byte = input[inputIndex++] as number;
        matchLength += byte;
      } while (byte === 255);
    }
    if (outputIndex + matchLength > output.length) throw new XetFormatError("LZ4 match runs past the end of the output");
    let from = outputIndex - offset;
    if (offset >= matchLength) {
      output.copyWithin(outputIndex, from, from + matchLength);
      outputIndex += matchLength;
    } else {
      for (let count = 0; count < matchLength; count++) output[outputIndex++] = output[from++] as number;
    }
  }
  return outputIndex;
}

function writeLength(output: Uint8Array, index: number, length: number): number {
  let rest = length;
  while (rest >= 255) {
    output[index++] = 255;
    rest -= 255;
  }
  output[index++] = rest;
  return index;
}

/** The worst-case size of an LZ4 block holding `length` bytes. */
function blockBound(length: number): number {
  return length + Math.floor(length / 255) + 16;
}

/** Compresses bytes into one LZ4 block (greedy, a hash table of 4-byte sequences). */
export function lz4CompressBlock(input: Uint8Array): Uint8Array {
  const length = input.length;
  const output = new Uint8Array(blockBound(length));
  let outputIndex = 0;
  let anchor = 0;
  if (length >= MATCH_FIND_LIMIT + 1) {
    const table = new Int32Array(1 << HASH_BITS).fill(-1);
    const matchLimit = length - MATCH_FIND_LIMIT;
    const lastMatchEnd = length - LAST_LITERALS;
    let index = 0;
    while (index < matchLimit) {
      const sequence = readU32(input, index);
      const slot = Math.imul(sequence, 2_654_435_761) >>> (32 - HASH_BITS);
      const candidate = table[slot] as number;
      table[slot] = index;
      if (candidate < 0 || index - candidate > MAX_OFFSET || readU32(input, candidate) !== sequence) {
        index++;
        continue;
      }
      let matchEnd = index + MIN_MATCH;
      let from = candidate + MIN_MATCH;
      while (matchEnd < lastMatchEnd && input[matchEnd] === input[from]) {
        matchEnd++;
        from++;
      }
      const literalLength = index - anchor;
      const matchLength = matchEnd - index - MIN_MATCH;
      const tokenIndex = outputIndex++;
      output[tokenIndex] = (Math.min(literalLength, 15) << 4) | Math.min(matchLength, 15);
      if (literalLength >= 15) outputIndex = writeLength(output, outputIndex, literalLength - 15);
      output.set(input.subarray(anchor, index), outputIndex);
      outputIndex += literalLength;
      const offset = index - candidate;
      output[outputIndex++] = offset & 255;
      output[outputIndex++] = offset >>> 8;
      if (matchLength >= 15) outputIndex = writeLength(output, outputIndex, matchLength - 15);
      index = matchEnd;
      anchor = index;
    }
  }
  const literalLength = length - anchor;
  output[outputIndex++] = Math.min(literalLength, 15) << 4;
  if (literalLength >= 15) outputIndex = writeLength(output, outputIndex, literalLength - 15);
  output.set(input.subarray(anchor), outputIndex);
  outputIndex += literalLength;
  return output.subarray(0, outputIndex);
}

/** Decompresses one LZ4 block whose decoded size is known. */
export function lz4DecompressBlock(input: Uint8Array, decodedLength: number): Uint8Array {
  const output = new Uint8Array(decodedLength);
  const end = decodeBlock(input, output, 0, 0);
  if (end !== decodedLength) throw new XetFormatError(`LZ4 block decodes to ${end} bytes, not ${decodedLength}`);
  return output;
}

/**
 * Compresses bytes into an LZ4 frame (version 01, independent blocks, 4 MiB maximum block, no checksums,
 * as the official JS client writes them). An incompressible block is stored raw.
 */
export function lz4CompressFrame(input: Uint8Array): Uint8Array {
  const maxBlock = 4 * 1024 * 1024;
  const blocks: Uint8Array[] = [];
  for (let start = 0; start < input.length; start += maxBlock) blocks.push(input.subarray(start, start + maxBlock));
  const encoded = blocks.map((block) => {
    const compressed = lz4CompressBlock(block);
    return compressed.length < block.length ? { bytes: compressed, raw: false } : { bytes: block, raw: true };
  });
  const size = 7 + encoded.reduce((total, block) => total + 4 + block.bytes.length, 0) + 4;
  const output = new Uint8Array(size);
  const view = new DataView(output.buffer);
  view.setUint32(0, FRAME_MAGIC, true);
  output[4] = 0b0110_0000; // version 01, independent blocks
  output[5] = 0b0111_0000; // 4 MiB maximum block size
  output[6] = (xxhash32(output.subarray(4, 6)) >>> 8) & 255;
  let index = 7;
  for (const block of encoded) {
    view.setUint32(index, (block.bytes.length | (block.raw ? 0x8000_0000 : 0)) >>> 0, true);
    output.set(block.bytes, index + 4);
    index += 4 + block.bytes.length;
  }
  view.setUint32(index, 0, true);
  return output;
}

/**
 * Decompresses an LZ4 frame holding exactly `decodedLength` bytes: any valid frame (several blocks, raw
 * blocks, block and content checksums, a content size, skippable frames after it); the checksums are verified.
 */
export function lz4DecompressFrame(input: Uint8Array, decodedLength: number): Uint8Array {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const need = (index: number, count: number) => {
    if (index + count > input.length) throw new XetFormatError("LZ4 frame is truncated");
  };
  need(0, 7);
  if (view.getUint32(0, true) !== FRAME_MAGIC) throw new XetFormatError("Not an LZ4 frame (bad magic number)");
  const flags = input[4] as number;
  if (flags >>> 6 !== 1) throw new XetFormatError("Unsupported LZ4 frame version");
  if (flags & 0b10) throw new XetFormatError("LZ4 frame sets a reserved flag");
  const blockChecksums = (flags & 0b1_0000) !== 0;
  const hasContentSize = (flags & 0b1000) !== 0;
  const contentChecksum = (flags & 0b100) !== 0;
  const hasDictionary = (flags & 0b1) !== 0;
  const descriptorEnd = 6 + (hasContentSize ? 8 : 0) + (hasDictionary ? 4 : 0);
  need(0, descriptorEnd + 1);
  if (hasDictionary) throw new XetFormatError("LZ4 frames with a dictionary are not supported");
  if (((xxhash32(input.subarray(4, descriptorEnd)) >>> 8) & 255) !== input[descriptorEnd])
    throw new XetFormatError("LZ4 frame descriptor checksum does not match");
  if (hasContentSize) {
    const declared = view.getUint32(6, true) + view.getUint32(10, true) * 2 ** 32;
    if (declared !== decodedLength) throw new XetFormatError(`LZ4 frame declares ${declared} bytes, not ${decodedLength}`);
  }
  const output = new Uint8Array(decodedLength);
  let outputIndex = 0;
  let index = descriptorEnd + 1;
  for (;;) {
    need(index, 4);
    const header = view.getUint32(index, true);
    index += 4;
    if (header === 0) break;
    const blockLength = header & 0x7fff_ffff;
    need(index, blockLength + (blockChecksums ? 4 : 0));
    const block = input.subarray(index, index + blockLength);
    index += blockLength;
    if (blockChecksums) {
      if (xxhash32(block) !== view.getUint32(index, true)) throw new XetFormatError("LZ4 block checksum does not match");
      index += 4;
    }
    if (header & 0x8000_0000) {
      if (outputIndex + blockLength > decodedLength) throw new XetFormatError("LZ4 frame holds more bytes than expected");
      output.set(block, outputIndex);
      outputIndex += blockLength;
    } else {
      // Linked blocks may refer to earlier blocks: the window is the whole output.
      outputIndex = decodeBlock(block, output, outputIndex, 0);
    }
  }
  if (outputIndex !== decodedLength) throw new XetFormatError(`LZ4 frame decodes to ${outputIndex} bytes, not ${decodedLength}`);
  if (contentChecksum) {
    need(index, 4);
    if (xxhash32(output) !== view.getUint32(index, true)) throw new XetFormatError("LZ4 content checksum does not match");
    index += 4;
  }
  while (index < input.length) {
    need(index, 8);
    if ((view.getUint32(index, true) & SKIPPABLE_MAGIC_MASK) >>> 0 !== SKIPPABLE_MAGIC)
      throw new XetFormatError("Unexpected bytes after the LZ4 frame");
    index += 8 + view.getUint32(index + 4, true);
  }
  return output;
}
