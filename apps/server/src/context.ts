import type { BlobStore } from "./storage/blobs.ts";
import type { Database } from "./storage/database.ts";
import type { RateLimitOptions } from "./http/rate-limit.ts";
import type { HfWarning } from "./http/warnings.ts";
import type { RepoRouter } from "./http/repo-router.ts";

/** Tunables of a running server. */
export interface ServerConfig {
  /** Origin used in absolute URLs; defaults to the origin of each request. */
  publicUrl?: string;
  /** LFS objects larger than this are uploaded in parts. */
  multipartThreshold: number;
  /** Size of each multipart part (the last one may be smaller). */
  multipartChunkSize: number;
  /** Key of the HMAC that signs LFS upload URLs. */
  signingKey: Uint8Array;
  /** Lifetime of signed upload URLs, in seconds. */
  uploadUrlTtlSeconds: number;
  /** Lifetime of signed download URLs (LFS batch downloads, `resolve` redirects), in seconds. */
  signedUrlTtlSeconds: number;
  /** The time, in ms since the epoch, used by signed download URLs (tests replace it). */
  now: () => number;
  /** Most bytes one GET of an LFS object may return (the CDN refuses more than 50 GB at once). */
  maxSingleGetBytes: number;
  /** Most `siblings` in repo info; a repo with more files gets them truncated (or omitted). */
  maxSiblings: number;
  /** What repo info does above `maxSiblings`: keep the first ones (`truncate`) or leave `siblings` out (`omit`). */
  siblingsOverflow: "truncate" | "omit";
  /** Answer `POST .../like` with 403, as the Hub refuses likes made with a token. */
  refuseTokenLikes?: boolean;
  /** Warnings sent in `X-HF-Warning`. */
  hfWarnings?: readonly HfWarning[];
  /** Longest accepted line of a commit NDJSON body, in bytes. */
  maxCommitLineBytes: number;
  /** How long a Space stays BUILDING after a commit or restart, in ms (default 0). */
  spaceBuildDelayMs?: number;
  /** Answer `resolve` of LFS files with a 302 to a signed `/lfs-files/` URL, as the Hub redirects to its CDN. */
  lfsRedirects?: boolean;
  /** Fixed-window rate limit per caller, with the Hub's `RateLimit` headers. */
  rateLimit?: RateLimitOptions;
  /** Xet storage: token routes, the CAS routes, `transfer: "xet"` in LFS batches, Xet headers on `resolve`. */
  xet: boolean;
  /** Lifetime of Xet CAS access tokens, in seconds. */
  xetTokenTtlSeconds: number;
}

/** Counters of the Xet CAS, for tests and benchmarks. */
export interface XetStats {
  /** Bytes of xorb bodies received (including xorbs already stored). */
  xorbBytesReceived: number;
  xorbsReceived: number;
  shardsReceived: number;
  /** Reconstruction answers (V1 and V2). */
  reconstructions: number;
}

/** What every route module gets: storage, configuration and the repo-scoped router. */
export interface ServerContext {
  db: Database;
  blobs: BlobStore;
  config: ServerConfig;
  router: RepoRouter;
  /** The Xet CAS's counters. */
  xet: { stats: XetStats };
}
