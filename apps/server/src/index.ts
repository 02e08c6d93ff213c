import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createAdaptorServer } from "@hono/node-server";
import { buildApp, type RouteModule } from "./app.ts";
import type { ServerConfig, ServerContext } from "./context.ts";
import { canonicalRepoIds } from "./http/canonical.ts";
import { disabledRepoGuard } from "./http/disabled.ts";
import type { HfWarning } from "./http/warnings.ts";
import { FaultInjector, type FaultOptions } from "./http/faults.ts";
import type { RateLimitOptions } from "./http/rate-limit.ts";
import { RepoRouter } from "./http/repo-router.ts";
import { applySeed, type SeedData } from "./storage/accounts.ts";
import { BlobStore } from "./storage/blobs.ts";
import { openDatabase } from "./storage/database.ts";

export type { SeedData } from "./storage/accounts.ts";
export type { ServerConfig, ServerContext } from "./context.ts";
export type { RouteModule } from "./app.ts";
export type { RepoTarget, RepoHandler, RepoRouter } from "./http/repo-router.ts";
export type { Migration } from "./storage/migrations.ts";
export { FAULT_KINDS, FaultInjector } from "./http/faults.ts";
export type { FaultKind, FaultOptions, FaultRecord } from "./http/faults.ts";
export { parseRateLimit, rateLimitHeaders } from "./http/rate-limit.ts";
export { parseHfWarning } from "./http/warnings.ts";
export type { HfWarning } from "./http/warnings.ts";
export { DISABLED_REPO_MESSAGE } from "./http/disabled.ts";
export type { RateLimitOptions } from "./http/rate-limit.ts";
export { bulkSeedRepos } from "./storage/bulk-seed.ts";
export type { BulkRepo } from "./storage/bulk-seed.ts";

/** Options of createHubServer. */
export interface HubServerOptions {
  /** Directory holding `hub.sqlite` and the blob store; created if missing. Data survives restarts. */
  dataDir: string;
  /** Users, tokens and orgs to create or update at start: an object or the path of a JSON file. */
  seed?: SeedData | string;
  /** Origin to put in absolute URLs (default: the origin each request came to). */
  publicUrl?: string;
  /** LFS objects larger than this many bytes use the multipart transfer (default 16 MiB). */
  multipartThreshold?: number;
  /** Part size of multipart uploads (default 8 MiB). */
  multipartChunkSize?: number;
  /** How long a Space stays BUILDING after a commit or restart, in ms (default 0; the CLI uses 3000). */
  spaceBuildDelayMs?: number;
  /** Answer `resolve` of LFS files with a 302 to a signed same-origin `/lfs-files/` URL, as the Hub redirects to its CDN (default false: 200 with the bytes). */
  lfsRedirects?: boolean;
  /**
   * Inject faults (resets, stalls, 5xx, 429, truncated bodies) into this share of requests, reproducibly
   * from `seed`; only when listening on a socket (default: off).
   */
  faults?: FaultOptions;
  /** Fixed-window rate limit per token (else IP) with the Hub's `RateLimit` headers (default: off). */
  rateLimit?: RateLimitOptions;
  /**
   * Multipart uploads with no part written for this many seconds are abandoned: their files are removed
   * at start-up and then periodically (default 86,400 = 24 h, the lifetime of their signed URLs).
   */
  multipartMaxAgeSeconds?: number;
  /** Lifetime of signed download URLs (LFS batch `download` actions, `resolve` redirects), in seconds; expired ones answer 403 (default 3600, as the CDN). */
  signedUrlTtlSeconds?: number;
  /** The clock of signed download URLs, in ms since the epoch (default `Date.now`; tests pass a fake one). */
  clock?: () => number;
  /** Most bytes one GET of an LFS file may return, without or with a Range; more answers 400 as the CDN does (default 50e9). */
  maxSingleGetBytes?: number;
  /**
   * Answer a repo id in another case, or the old id of a moved repo, with a 307 to the canonical URL on
   * every repo endpoint (API, resolve, LFS), as the Hub does (default true). Off: ids are matched
   * case-insensitively and only `resolve` redirects moved repos.
   */
  repoRedirects?: boolean;
  /** Repo info lists at most this many `siblings`, as the Hub cuts them for large repos (default 1000). */
  maxSiblings?: number;
  /** Above `maxSiblings`: keep the first ones (`"truncate"`, default) or leave `siblings` out (`"omit"`). */
  siblingsOverflow?: "truncate" | "omit";
  /** Refuse likes (`POST .../like`) with 403, as the Hub refuses likes made with a token; unlikes still work (default false). */
  refuseTokenLikes?: boolean;
  /** Send `X-HF-Warning: <topic>; <message>` on every answer, or on paths starting with `pathPrefix` (default: none). */
  hfWarnings?: HfWarning[];
  /**
   * Repos that answer as the Hub does for disabled repos: 403 `Access to this resource is disabled.` on
   * every repo endpoint. Ids: `ns/name` (models), `datasets/ns/name`, `spaces/ns/name`. Repos whose
   * `disabled` column is set are disabled too.
   */
  disabledRepos?: string[];
  /**
   * Xet storage, as the Hub offers it: the `xet-read-token` / `xet-write-token` routes, a CAS on this server
   * (xorbs, shards, dedup, reconstructions, signed xorb ranges), `transfer: "xet"` in LFS batches that list
   * it, and the Xet headers on `resolve` of files uploaded through Xet. Default true: as on the Hub, repos
   * are Xet-enabled; `false` (`--no-xet`) leaves LFS only. LFS-only clients work either way.
   */
  xet?: boolean;
  /** Lifetime of Xet CAS access tokens, in seconds (default 3600). */
  xetTokenTtlSeconds?: number;
  /** Extra route modules mounted after the built-in ones. */
  routeModules?: RouteModule[];
}

/** A running (or listenable) Hub-compatible server. */
export interface HubServer {
  /** Handles one request in-process (no socket needed). */
  fetch(request: Request): Promise<Response>;
  /** Starts listening; port 0 picks a free port. */
  listen(options?: { host?: string; port?: number }): Promise<{ url: string }>;
  /** Stops listening and closes the database. */
  close(): Promise<void>;
  /** Base URL once listening. */
  readonly url: string | undefined;
  /** The fault injector when `faults` is set: its `seed` and the `log` of faults injected. */
  readonly faults: FaultInjector | undefined;
  /** Removes abandoned multipart uploads now (also done at start-up and periodically); returns their ids. */
  expireUploads(now?: number): string[];
  /** Storage and configuration, for tools and tests. */
  readonly context: ServerContext;
}

const MiB = 1024 * 1024;

/** How long a request's headers may take to arrive in total before the server answers 408. */
const HEADERS_TIMEOUT_MS = 300_000;

/** Creates a Hub-compatible server backed by SQLite and a content-addressed blob directory. */
export function createHubServer(options: HubServerOptions): HubServer {
  mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(join(options.dataDir, "hub.sqlite"));
  if (options.seed)
    applySeed(db, typeof options.seed === "string" ? (JSON.parse(readFileSync(options.seed, "utf8")) as SeedData) : options.seed);
  const config: ServerConfig = {
    publicUrl: options.publicUrl,
    multipartThreshold: options.multipartThreshold ?? 16 * MiB,
    multipartChunkSize: options.multipartChunkSize ?? 8 * MiB,
    signingKey: loadSigningKey(options.dataDir),
    uploadUrlTtlSeconds: 24 * 3600,
    signedUrlTtlSeconds: options.signedUrlTtlSeconds ?? 3600,
    now: options.clock ?? Date.now,
    maxSingleGetBytes: options.maxSingleGetBytes ?? 50e9,
    maxSiblings: options.maxSiblings ?? 1000,
    siblingsOverflow: options.siblingsOverflow ?? "truncate",
    refuseTokenLikes: options.refuseTokenLikes ?? false,
    hfWarnings: options.hfWarnings,
    maxCommitLineBytes: 256 * MiB,
    spaceBuildDelayMs: options.spaceBuildDelayMs ?? 0,
    lfsRedirects: options.lfsRedirects ?? false,
    rateLimit: options.rateLimit,
    xet: options.xet ?? true,
    xetTokenTtlSeconds: options.xetTokenTtlSeconds ?? 3600,
  };
  const context: ServerContext = {
    db,
    blobs: new BlobStore(options.dataDir),
    config,
    router: new RepoRouter(),
    xet: { stats: { xorbBytesReceived: 0, xorbsReceived: 0, shardsReceived: 0, reconstructions: 0 } },
  };
  if (options.repoRedirects ?? true) context.router.redirectToCanonical(canonicalRepoIds(db));
  context.router.guard(disabledRepoGuard(db, options.disabledRepos ?? []));
  const app = buildApp(context, options.routeModules);
  const uploadMaxAgeMs = (options.multipartMaxAgeSeconds ?? 24 * 3600) * 1000;
  if (!(uploadMaxAgeMs > 0)) throw new RangeError("multipartMaxAgeSeconds must be positive");
  const expireUploads = (now?: number) => context.blobs.expireUploads(uploadMaxAgeMs, now);
  expireUploads();
  // Checked a few times per max age (at most hourly); unref'd so it never keeps a process alive.
  const sweeper = setInterval(() => expireUploads(), Math.min(3600_000, Math.max(1000, uploadMaxAgeMs / 4)));
  sweeper.unref();
  const faults = options.faults ? new FaultInjector(options.faults) : undefined;
  let server: ReturnType<typeof createAdaptorServer> | undefined;
  let url: string | undefined;
  return {
    context,
    faults,
    expireUploads,
    get url() {
      return url;
    },
    fetch: async (request) => app.fetch(request),
    async listen({ host = "127.0.0.1", port = 0 } = {}) {
      server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false });
      const httpServer = server as import("node:http").Server;
      // No bound on a whole request: uploads of many GB take as long as they take.
      httpServer.requestTimeout = 0;
      // Node answers 408 when a request's headers have not all arrived within `headersTimeout` of its first
      // byte (60 s by default, checked every 30 s). On a loaded machine a live client (hf_xet and the
      // official JS client with several 64 MiB xorbs in flight) was cut off that way. Front ends wait
      // longer for a slow client (nginx 60 s between two reads, not in total); 5 minutes in total still
      // bounds a client that stalls forever.
      httpServer.headersTimeout = HEADERS_TIMEOUT_MS;
      // Idle connections stay open as long as behind the Hub's front ends: with a short timeout a client
      // that reuses a pooled connection just as the server closes it (a busy machine, a long hash
      // between two requests) gets its request reset (ECONNRESET).
      httpServer.keepAliveTimeout = 65_000;
      if (faults) {
        const [listener] = httpServer.listeners("request") as Array<Parameters<FaultInjector["wrap"]>[0]>;
        httpServer.removeAllListeners("request");
        httpServer.on("request", faults.wrap(listener!));
      }
      await new Promise<void>((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => resolve());
      });
      const address = httpServer.address() as AddressInfo;
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      url = `http://${shownHost}:${address.port}`;
      return { url };
    },
    async close() {
      faults?.close();
      clearInterval(sweeper);
      if (server) {
        const httpServer = server as import("node:http").Server;
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        });
        server = undefined;
      }
      if (db.open) db.close();
      context.blobs.close();
    },
  };
}

function loadSigningKey(dataDir: string): Uint8Array {
  const file = join(dataDir, "signing-key");
  if (existsSync(file)) return Buffer.from(readFileSync(file, "utf8").trim(), "hex");
  const key = randomBytes(32);
  writeFileSync(file, key.toString("hex"), { mode: 0o600 });
  return key;
}
