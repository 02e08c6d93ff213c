/** Bytes per `btoa` call: a multiple of 3, so the pieces concatenate into valid base64. */
const PIECE = 3 * 8192;

/** Base64 of `bytes` with web APIs only (no Buffer), piece by piece. */
export function toBase64(bytes: Uint8Array): string {
  const pieces: string[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += PIECE) {
    const piece = bytes.subarray(offset, offset + PIECE);
    let binary = "";
    for (let index = 0; index < piece.byteLength; index += 4096) {
      binary += String.fromCharCode.apply(null, piece.subarray(index, index + 4096) as unknown as number[]);
    }
    pieces.push(btoa(binary));
  }
  return pieces.join("");
}
