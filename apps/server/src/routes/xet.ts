import { randomBytes } from "node:crypto";
import { IncomingMessage } from "node:http";
import type { Context, Hono } from "hono";
import type { ServerContext } from "../context.ts";
import { readableRepo, writableRepo } from "../http/access.ts";
import { authenticate, requireAuth } from "../http/auth.ts";
import { HttpError, badRequest, revisionNotFound } from "../http/errors.ts";
import { parseRange } from "../http/range.ts";
import type { RepoTarget } from "../http/repo-router.ts";
import { json } from "../http/respond.ts";
import { publicOrigin } from "../http/urls.ts";
import { repoIdOfObjectId } from "../storage/lfs-objects.ts";
import type { Repo } from "../storage/repos.ts";
import { resolveRevision } from "../storage/revisions.ts";
import {
  MAX_XORB_BODY_BYTES,
  type StoredXorb,
  dedupXorbsOfChunk,
  findXetFile,
  findXorb,
  hashParameter,
  planReconstruction,
  registerShard,
  repoOwnsXetFile,
  storeXorb,
  XorbReceiver,
} from "../storage/xet.ts";
import { XET_SHARD_NO_EXPIRY, serializeShard, xetHashFromHex, xetHmac } from "@hub/core/xet";
import { signXetRange, signXetToken, verifyXetRange, verifyXetToken } from "../xet/tokens.ts";

/** Path of the signed xorb byte-range URLs that reconstructions hand out. */
export const XET_DATA_PATH = "/xet-data";
/** Lifetime of the HMAC key of a dedup answer (the client must not reuse its entries after it). */
const DEDUP_KEY_TTL_SECONDS = 7 * 24 * 3600;

/** The CAS URL handed to clients: this server's origin (its CAS routes are `/v1/...` and `/v2/...`). */
export function casUrl(c: Context, context: ServerContext): string {
  return publicOrigin(c, context);
}

/** A token for a repo, with the `X-Xet-*` headers that carry it too (older huggingface_hub reads only those). */
export function mintXetToken(
  c: Context,
  context: ServerContext,
  repo: Pick<Repo, "objectId">,
  mode: "read" | "write",
): { body: Record<string, unknown>; headers: Record<string, string> } {
  const expires = Math.floor(context.config.now() / 1000) + context.config.xetTokenTtlSeconds;
  const accessToken = signXetToken(context.config.signingKey, { repo: repo.objectId, mode, expires });
  const url = casUrl(c, context);
  return {
    body: { accessToken, exp: expires, casUrl: url },
    headers: { "X-Xet-Cas-Url": url, "X-Xet-Access-Token": accessToken, "X-Xet-Token-Expiration": String(expires) },
  };
}

/** The URL of a repo's read- or write-token route for a revision. */
export function xetTokenUrl(origin: string, type: string, repoId: string, mode: "read" | "write", revision: string): string {
  return `${origin}/api/${type}s/${repoId}/xet-${mode}-token/${encodeURIComponent(revision)}`;
}

/**
 * Xet: the token routes of the Hub (`/api/{type}s/{repo}/xet-{read,write}-token/{rev}`) and a CAS on this
 * server: xorb and shard uploads, the global dedup query, reconstructions (V2 and V1) and the signed
 * xorb byte-range URLs they hand out. Registered only when Xet is on.
 */
export function register(app: Hono, context: ServerContext): void {
  if (!context.config.xet) return;
  context.router.api("GET", "xet-read-token", (c, target) => tokenRoute(c, context, target, "read"));
  context.router.api("GET", "xet-write-token", (c, target) => tokenRoute(c, context, target, "write"));
  app.post("/v1/xorbs/:prefix/:hash", (c) => uploadXorb(c, context));
  // Hono routes HEAD through GET handlers: this one answers HEAD only.
  app.get("/v1/xorbs/:prefix/:hash", (c) => xorbExists(c, context));
  app.post("/v1/shards", (c) => uploadShard(c, context));
  app.get("/v1/chunks/:prefix/:hash", (c) => dedupQuery(c, context));
  app.get("/v1/reconstructions/:hash", (c) => reconstruction(c, context, 1));
  app.get("/v2/reconstructions/:hash", (c) => reconstruction(c, context, 2));
  app.get(`${XET_DATA_PATH}/:hash`, (c) => xorbRange(c, context));
  // Telemetry of hf_xet: accepted and dropped.
  app.post("/v1/telemetry", () => json({}));
}

function tokenRoute(c: Context, context: ServerContext, target: RepoTarget, mode: "read" | "write"): Response {
  const auth = mode === "write" ? requireAuth(c, context.db) : authenticate(c, context.db);
  const repo =
    mode === "write"
      ? writableRepo(context.db, target.type, target.repoId, auth)
      : readableRepo(context.db, target.type, target.repoId, auth);
  const revision = decodeURIComponent(target.tail.join("/"));
  // A write may go to a branch or pull request that does not exist yet; a read needs a revision that resolves.
  if (mode === "read" && revision && revision !== "None" && !resolveRevision(context.db, repo.id, revision))
    throw revisionNotFound(revision);
  const { body, headers } = mintXetToken(c, context, repo, mode);
  return json(body, 200, headers);
}

/** The repo a CAS token is for; 401 when the token is bad or its repo is gone. */
function tokenRepo(c: Context, context: ServerContext, need: "read" | "write"): number {
  const claims = verifyXetToken(context.config.signingKey, c.req.header("authorization"), need, context.config.now());
  const repoId = repoIdOfObjectId(context.db, claims.repo);
  if (repoId === undefined) throw new HttpError(401, "The repo of this Xet access token no longer exists");
  return repoId;
}

async function readBody(c: Context, limit: number): Promise<Uint8Array> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > limit) throw new HttpError(413, `Body too large: at most ${limit} bytes`);
  const body = new Uint8Array(await c.req.arrayBuffer());
  if (body.length > limit) throw new HttpError(413, `Body too large: at most ${limit} bytes`);
  return body;
}

/**
 * Reads a body piece by piece as it arrives, straight from Node's request (no web stream) when served by the
 * Node adapter, handing each piece to `onPiece`; in-process requests are read whole. 413 past `limit` bytes;
 * returns the size.
 */
async function receivePieces(c: Context, limit: number, onPiece: (piece: Uint8Array) => void): Promise<number> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > limit) throw new HttpError(413, `Body too large: at most ${limit} bytes`);
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  if (!(incoming instanceof IncomingMessage)) {
    const body = await readBody(c, limit);
    onPiece(body);
    return body.length;
  }
  let size = 0;
  // A piece found bad stops the validation, not the reading: the client gets the answer once it has sent
  // its body (an answer before that reaches it as a reset connection).
  let failure: { error: unknown } | undefined;
  for await (const piece of incoming as AsyncIterable<Buffer>) {
    size += piece.length;
    if (size > limit) throw new HttpError(413, `Body too large: at most ${limit} bytes`);
    if (failure) continue;
    try {
      onPiece(piece);
    } catch (error) {
      failure = { error };
    }
  }
  if (failure) throw failure.error;
  return size;
}

/** Xorbs up to this size are kept in memory and stored at the end (in the small-object database); larger ones are written as they are validated. */
const STREAMED_XORB_BYTES = 1024 * 1024;

async function uploadXorb(c: Context, context: ServerContext): Promise<Response> {
  tokenRepo(c, context, "write");
  if (c.req.param("prefix") !== "default") throw badRequest(`Unknown xorb prefix: ${c.req.param("prefix")}`);
  const hash = hashParameter(c.req.param("hash"));
  context.xet.stats.xorbsReceived++;
  if (findXorb(context.db, hash)) {
    // Stored already: received, not validated again.
    context.xet.stats.xorbBytesReceived += await receivePieces(c, MAX_XORB_BODY_BYTES, () => undefined);
    return json({ was_inserted: false });
  }
  // Validated record by record as the body arrives; a large xorb is written and hashed on the way too.
  const large = !(Number(c.req.header("content-length") ?? Number.NaN) <= STREAMED_XORB_BYTES);
  const receiver = new XorbReceiver(large ? context.blobs.incoming() : undefined);
  let size: number;
  try {
    size = await receivePieces(c, MAX_XORB_BODY_BYTES, (piece) => receiver.push(piece));
  } catch (error) {
    await receiver.discard();
    throw error;
  }
  context.xet.stats.xorbBytesReceived += size;
  const inserted = await storeXorb(context.db, context.blobs, hash, receiver);
  return json({ was_inserted: inserted });
}

async function uploadShard(c: Context, context: ServerContext): Promise<Response> {
  const repoId = tokenRepo(c, context, "write");
  const body = await readBody(c, 64 * 1024 * 1024);
  context.xet.stats.shardsReceived++;
  const registered = await registerShard(context.db, context.blobs, repoId, body);
  return json({ result: registered ? 1 : 0 });
}

/** `HEAD /v1/xorbs/default/{hash}`: 200 with the xorb's size when stored, else 404 (a client resuming an upload skips stored xorbs). */
function xorbExists(c: Context, context: ServerContext): Response {
  if (c.req.method !== "HEAD") throw new HttpError(405, "Xorbs are read through reconstructions and their signed URLs");
  tokenRepo(c, context, "write");
  const xorb = findXorb(context.db, hashParameter(c.req.param("hash")));
  if (!xorb) return new Response(null, { status: 404 });
  return new Response(null, { status: 200, headers: { "Content-Length": String(xorb.size) } });
}

/**
 * `GET /v1/chunks/{default|default-merkledb}/{hash}`: a shard listing the xorb that holds the chunk and
 * the xorbs that followed it in the shard that indexed it, chunk hashes keyed with a fresh HMAC key.
 */
function dedupQuery(c: Context, context: ServerContext): Response {
  tokenRepo(c, context, "read");
  const prefix = c.req.param("prefix");
  if (prefix !== "default" && prefix !== "default-merkledb") throw badRequest(`Unknown dedup prefix: ${prefix}`);
  const chunk = hashParameter(c.req.param("hash"));
  const xorbs = dedupXorbsOfChunk(context.db, chunk).flatMap((hash) => findXorb(context.db, hash) ?? []);
  if (xorbs.length === 0) throw new HttpError(404, `Chunk ${chunk} is not indexed for dedup`);
  const key = new Uint8Array(randomBytes(32));
  const now = BigInt(Math.floor(context.config.now() / 1000));
  const shard = serializeShard({
    files: [],
    xorbs: xorbs.map((xorb) => {
      let rawStart = 0;
      return {
        xorbHash: xetHashFromHex(xorb.hash),
        rawBytes: xorb.rawBytes,
        bytesOnDisk: xorb.size,
        chunks: xorb.chunks.map((stored) => {
          const entry = { hash: xetHmac(stored.hash, key), rawStart, rawLength: stored.rawLength, flags: 0 };
          rawStart += stored.rawLength;
          return entry;
        }),
      };
    }),
    footer: {
      hmacKey: key,
      creationTimestamp: now,
      keyExpiry: DEDUP_KEY_TTL_SECONDS > 0 ? now + BigInt(DEDUP_KEY_TTL_SECONDS) : XET_SHARD_NO_EXPIRY,
      storedBytesOnDisk: BigInt(xorbs.reduce((total, xorb) => total + xorb.size, 0)),
      materializedBytes: BigInt(xorbs.reduce((total, xorb) => total + xorb.rawBytes, 0)),
      storedBytes: BigInt(xorbs.reduce((total, xorb) => total + xorb.rawBytes, 0)),
    },
  });
  return new Response(shard as Uint8Array<ArrayBuffer>, { status: 200, headers: { "Content-Type": "application/octet-stream" } });
}

/** Merged serialized byte ranges (inclusive) of the chunk ranges used from one xorb. */
function mergeRanges(
  xorb: StoredXorb,
  ranges: Array<{ start: number; end: number }>,
): Array<{ chunks: { start: number; end: number }; bytes: { start: number; end: number } }> {
  const sorted = [...ranges].sort((left, right) => left.start - right.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged.map((range) => ({
    chunks: range,
    bytes: {
      start: (xorb.chunks[range.start] as { recordStart: number }).recordStart,
      end: (xorb.chunks[range.end - 1] as { recordEnd: number }).recordEnd - 1,
    },
  }));
}

/**
 * `GET /v{1,2}/reconstructions/{file}` with an optional `Range`: the terms (xorb chunk ranges) that rebuild
 * the file or the range, and one signed URL per xorb byte range (the range is part of the URL, so URLs differ).
 */
function reconstruction(c: Context, context: ServerContext, version: 1 | 2): Response {
  const repoId = tokenRepo(c, context, "read");
  const hash = hashParameter(c.req.param("hash"));
  const file = findXetFile(context.db, hash);
  // Another repo's file is as unknown as a missing one.
  if (!file || !repoOwnsXetFile(context.db, repoId, hash)) throw new HttpError(404, `File ${hash} not found`);
  const header = c.req.header("range");
  if (file.size === 0) {
    if (header && !/^\s*bytes\s*=\s*0\s*-/i.test(header)) throw new HttpError(416, "Range not satisfiable (empty file)");
    return json(
      version === 2 ? { offset_into_first_range: 0, terms: [], xorbs: {} } : { offset_into_first_range: 0, terms: [], fetch_info: {} },
    );
  }
  const range = parseRange(header, file.size);
  const start = range?.start ?? 0;
  const end = range?.end ?? file.size - 1;
  const plan = planReconstruction(context.db, file, start, end);
  context.xet.stats.reconstructions++;
  const origin = publicOrigin(c, context);
  const expires = Math.floor(context.config.now() / 1000) + context.config.signedUrlTtlSeconds;
  const byXorb = new Map<string, { xorb: StoredXorb; ranges: Array<{ start: number; end: number }> }>();
  for (const term of plan.terms) {
    const entry = byXorb.get(term.xorb.hash) ?? { xorb: term.xorb, ranges: [] };
    entry.ranges.push({ start: term.start, end: term.end });
    byXorb.set(term.xorb.hash, entry);
  }
  const urlOf = (xorb: string, bytes: { start: number; end: number }) =>
    `${origin}${XET_DATA_PATH}/${xorb}?r=${bytes.start}-${bytes.end}&exp=${expires}&sig=${signXetRange(context.config.signingKey, xorb, bytes.start, bytes.end, expires)}`;
  const terms = plan.terms.map((term) => ({
    hash: term.xorb.hash,
    unpacked_length: term.rawBytes,
    range: { start: term.start, end: term.end },
  }));
  if (version === 2) {
    const xorbs: Record<string, unknown[]> = {};
    for (const [hashKey, { xorb, ranges }] of byXorb) {
      xorbs[hashKey] = mergeRanges(xorb, ranges).map((merged) => ({ url: urlOf(hashKey, merged.bytes), ranges: [merged] }));
    }
    return json({ offset_into_first_range: plan.offsetIntoFirstRange, terms, xorbs });
  }
  const fetchInfo: Record<string, unknown[]> = {};
  for (const [hashKey, { xorb, ranges }] of byXorb) {
    fetchInfo[hashKey] = mergeRanges(xorb, ranges).map((merged) => ({
      range: merged.chunks,
      url: urlOf(hashKey, merged.bytes),
      url_range: merged.bytes,
    }));
  }
  return json({ offset_into_first_range: plan.offsetIntoFirstRange, terms, fetch_info: fetchInfo });
}

/** `GET /xet-data/{xorb}?r=start-end&exp&sig`: serialized xorb bytes, any sub-range of the signed range (no Authorization). */
async function xorbRange(c: Context, context: ServerContext): Promise<Response> {
  const hash = hashParameter(c.req.param("hash"));
  const query = new URL(c.req.url).searchParams;
  const signed = /^(\d+)-(\d+)$/.exec(query.get("r") ?? "");
  if (!signed) throw new HttpError(403, "Invalid or missing signature on Xet data URL");
  const signedStart = Number(signed[1]);
  const signedEnd = Number(signed[2]);
  verifyXetRange(
    context.config.signingKey,
    hash,
    signedStart,
    signedEnd,
    Number(query.get("exp")),
    query.get("sig") ?? "",
    context.config.now(),
  );
  const xorb = findXorb(context.db, hash);
  if (!xorb) throw new HttpError(404, `Xorb ${hash} not found`);
  const range = parseRange(c.req.header("range"), xorb.size);
  const start = range?.start ?? signedStart;
  const end = range?.end ?? signedEnd;
  if (start < signedStart || end > signedEnd)
    throw new HttpError(403, `Bytes ${start}-${end} are outside the range this URL allows (${signedStart}-${signedEnd})`);
  return new Response(context.blobs.read(xorb.blobSha256, start, end), {
    status: 206,
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Range": `bytes ${start}-${end}/${xorb.size}`,
      "Content-Length": String(end - start + 1),
    },
  });
}
