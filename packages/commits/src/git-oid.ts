/** Hex of a digest. */
function hex(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The git blob id of some bytes, sha1("blob <length>\0" + bytes), as `git hash-object` computes it
 * and the Hub reports for regular files (Web Crypto only).
 */
export async function gitBlobOid(bytes: Uint8Array): Promise<string> {
  const header = new TextEncoder().encode(`blob ${bytes.byteLength}\0`);
  const object = new Uint8Array(header.byteLength + bytes.byteLength);
  object.set(header);
  object.set(bytes, header.byteLength);
  return hex(await crypto.subtle.digest("SHA-1", object));
}
