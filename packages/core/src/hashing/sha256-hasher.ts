/** An incremental SHA-256: feed chunks with `update`, then read the hex digest once. */
export interface Sha256Hasher {
  update(chunk: Uint8Array): void;
  digestHex(): string;
}
