import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { downloadFile, uploadFiles } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { XetChunker, serializeShard, serializeXorb, xetFileHash, xetHashFromHex, xetHashToHex, xetVerificationHash } from "@hub/core/xet";
import { BlobStore } from "../src/storage/blobs.ts";
import { header, lfsFile, startHarness, uploadLfsObject, type Harness } from "./helpers.ts";

// The Xet CAS against the official client (@huggingface/hub 2.17.5 with useXet: true), and its refusals.
// The official client's uploads of 70 MB take about 20 s on an idle 2-vCPU machine; the limit leaves room for a busy one.
const UPLOAD_TEST_TIMEOUT_MS = 600_000;

let hub: Harness;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const MB = 1000 * 1000;

beforeAll(async () => {
  hub = await startHarness({ xet: true });
  await hub.createRepo("alice/xet");
  await hub.createRepo("alice/xet-again");
  await hub.createRepo("alice/secret", { private: true });
  await hub.createRepo("bob/mine", { token: hub.tokens.bob });
});
afterAll(async () => {
  await hub?.close();
});

const credentials = () => ({ accessToken: hub.tokens.alice });
const stats = () => ({ ...hub.server.context.xet.stats });

async function token(repo: string, mode: "read" | "write", userToken: string = hub.tokens.alice, revision = "main"): Promise<Response> {
  return hub.request(`/api/models/${repo}/xet-${mode}-token/${revision}`, { token: userToken });
}

async function casToken(repo: string, mode: "read" | "write", userToken: string = hub.tokens.alice): Promise<string> {
  const response = await token(repo, mode, userToken);
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

function chunksOf(data: Uint8Array): Uint8Array[] {
  const chunker = new XetChunker();
  return [...chunker.push(data), ...chunker.finish()];
}

/** A xorb and an upload shard for one file, built with the primitives (as a client would). */
function xetUpload(data: Uint8Array, options: { sha256?: string; badVerification?: boolean; badFileHash?: boolean } = {}) {
  const xorb = serializeXorb(chunksOf(data));
  const verification = xetVerificationHash(xorb.chunks.map((chunk) => chunk.hash));
  if (options.badVerification) verification[0] = (verification[0] as number) ^ 1;
  const fileHash = options.badFileHash ? new Uint8Array(32).fill(9) : xetFileHash(xorb.chunks);
  const shard = serializeShard({
    files: [
      {
        fileHash,
        sha256: xetHashFromHex(options.sha256 ?? sha256(data)),
        terms: [{ xorbHash: xorb.hash, rawBytes: data.length, chunkStart: 0, chunkEnd: xorb.chunks.length, verification }],
      },
    ],
    xorbs: [],
  });
  return { xorb, shard, fileHash: xetHashToHex(fileHash) };
}

function post(path: string, accessToken: string | undefined, body: Uint8Array): Promise<Response> {
  return fetch(`${hub.url}${path}`, {
    method: "POST",
    headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {},
    body: body as Uint8Array<ArrayBuffer>,
  });
}

describe("official @huggingface/hub with useXet: true", () => {
  const tiny = new TextEncoder().encode("hello world");
  const few = randomBytes(3 * MB);
  // More than one xorb holds (64 MiB).
  const large = randomBytes(70 * MB);

  it(
    "uploads through Xet (two xorbs for 70 MB), commits, and downloads whole and by range bit-exactly",
    async () => {
      const before = stats();
      await uploadFiles({
        repo: { type: "model", name: "alice/xet" },
        credentials: credentials(),
        hubUrl: hub.url,
        useXet: true,
        files: [
          { path: "tiny.bin", content: new Blob([tiny]) },
          { path: "few.bin", content: new Blob([few]) },
          { path: "large.bin", content: new Blob([large]) },
        ],
      });
      const after = stats();
      expect(after.xorbsReceived - before.xorbsReceived).toBeGreaterThanOrEqual(2);
      expect(after.shardsReceived).toBeGreaterThan(before.shardsReceived);

      for (const [path, bytes] of [
        ["tiny.bin", tiny],
        ["few.bin", few],
        ["large.bin", large],
      ] as const) {
        const reconstructionsBefore = stats().reconstructions;
        const blob = await downloadFile({ repo: { type: "model", name: "alice/xet" }, path, credentials: credentials(), hubUrl: hub.url });
        expect(blob).not.toBeNull();
        // A 0-byte slice needs no bytes; any other read goes through a reconstruction.
        const whole = new Uint8Array(await blob!.arrayBuffer());
        expect(whole.length).toBe(bytes.length);
        expect(sha256(whole)).toBe(sha256(bytes));
        expect(stats().reconstructions).toBeGreaterThan(reconstructionsBefore);
        const start = Math.floor(bytes.length / 3);
        const end = Math.min(bytes.length, start + 200_000);
        const slice = new Uint8Array(await blob!.slice(start, end).arrayBuffer());
        expect(Buffer.from(slice).equals(Buffer.from(bytes.subarray(start, end)))).toBe(true);
      }
    },
    UPLOAD_TEST_TIMEOUT_MS,
  );

  it("answers resolve with X-Xet-Hash and the Link relations, and the LFS bridge serves the bytes to LFS-only clients", async () => {
    const resolveUrl = `${hub.url}/alice/xet/resolve/main/few.bin`;
    const info = await fetch(resolveUrl, {
      headers: { Accept: "application/vnd.xet-fileinfo+json, */*", Range: "bytes=0-0", Authorization: `Bearer ${hub.tokens.alice}` },
    });
    expect(info.headers.get("content-type")).toContain("application/vnd.xet-fileinfo+json");
    const xetHash = info.headers.get("x-xet-hash")!;
    expect(xetHash).toMatch(/^[0-9a-f]{64}$/);
    // The official client cuts chunks by the legacy rule (see the protocol notes), so its file hash is its own: the server checked it.
    const reconstruction = await fetch(info.headers.get("link")!.match(/<([^>]+)>; rel="xet-reconstruction-info"/)![1]!, {
      headers: { Authorization: `Bearer ${await casToken("alice/xet", "read")}` },
    });
    expect(reconstruction.status).toBe(200);
    expect(info.headers.get("link")).toMatch(/<http:\/\/[^>]+\/api\/models\/alice\/xet\/xet-read-token\/[0-9a-f]{40}>; rel="xet-auth"/);
    expect(info.headers.get("link")).toContain(`/v1/reconstructions/${xetHash}>; rel="xet-reconstruction-info"`);
    expect(info.headers.get("x-linked-size")).toBe(String(few.length));
    expect(info.headers.get("vary")).toMatch(/\baccept\b/i);
    // An LFS-only client (no Accept negotiation) gets the bytes, whole and by range.
    const plain = await fetch(resolveUrl);
    expect(plain.headers.get("x-xet-hash")).toBe(xetHash);
    expect(plain.headers.get("vary")).toMatch(/\baccept\b/i);
    expect(sha256(new Uint8Array(await plain.arrayBuffer()))).toBe(sha256(few));
    const tree = (await (await hub.request("/api/models/alice/xet/tree/main")).json()) as Array<{
      path: string;
      xetHash?: string;
      lfs?: unknown;
    }>;
    expect(tree.find((entry) => entry.path === "few.bin")?.xetHash).toBe(xetHash);
    const pathsInfo = (await (
      await hub.request("/api/models/alice/xet/paths-info/main", { method: "POST", json: { paths: ["few.bin"] } })
    ).json()) as Array<{ xetHash?: string }>;
    expect(pathsInfo[0]?.xetHash).toBe(xetHash);
    const ranged = await fetch(resolveUrl, { headers: { Range: "bytes=1000-1999" } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(Buffer.from(few.subarray(1000, 2000)))).toBe(true);
  });

  it(
    "dedups a second upload of an edited file: far fewer xorb bytes than the file",
    async () => {
      const edited = Buffer.from(large);
      edited.set(randomBytes(1000), 35 * MB);
      const before = stats();
      await uploadFiles({
        repo: { type: "model", name: "alice/xet-again" },
        credentials: credentials(),
        hubUrl: hub.url,
        useXet: true,
        files: [{ path: "edited.bin", content: new Blob([edited]) }],
      });
      const sent = stats().xorbBytesReceived - before.xorbBytesReceived;
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThan(edited.length / 4);
      const blob = await downloadFile({
        repo: { type: "model", name: "alice/xet-again" },
        path: "edited.bin",
        credentials: credentials(),
        hubUrl: hub.url,
      });
      expect(sha256(new Uint8Array(await blob!.arrayBuffer()))).toBe(sha256(edited));
    },
    UPLOAD_TEST_TIMEOUT_MS,
  );
});

describe("Xet files are stored once", () => {
  it("keeps a Xet file only in its xorbs and rebuilds it for resolve (whole, ranges, in-process), LFS downloads and LFS re-uploads", async () => {
    // Half text (LZ4-compressed records), half random (stored records); larger than a 4 MiB read window.
    const data = new Uint8Array(17 * MB);
    data.set(randomBytes(data.length / 2), data.length / 2);
    for (let index = 0; index < data.length / 2; index++) data[index] = 97 + ((index * 7 + (index >> 9)) % 13);
    const oid = sha256(data);
    const write = await casToken("alice/xet", "write");
    const { xorb, shard } = xetUpload(data);
    expect((await post(`/v1/xorbs/default/${xetHashToHex(xorb.hash)}`, write, xorb.bytes)).status).toBe(200);
    expect((await post("/v1/shards", write, shard)).status).toBe(200);
    expect((await hub.commit("alice/xet", [header("add once"), lfsFile("once.bin", oid, data.length)])).status).toBe(200);
    // Not in the blob store: the bytes are the xorb's.
    expect(await hub.server.context.blobs.stat(oid)).toBeUndefined();

    const resolve = (range?: string) =>
      fetch(`${hub.url}/alice/xet/resolve/main/once.bin`, {
        headers: { Authorization: `Bearer ${hub.tokens.alice}`, ...(range ? { Range: range } : {}) },
      });
    const whole = await resolve();
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-length")).toBe(String(data.length));
    expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(oid);
    for (const [start, end] of [
      [0, 0],
      [1_000, 5_000_000],
      [8_388_000, 8_600_000],
      [data.length - 10, data.length - 1],
    ] as const) {
      const ranged = await resolve(`bytes=${start}-${end}`);
      expect(ranged.status).toBe(206);
      expect(ranged.headers.get("content-range")).toBe(`bytes ${start}-${end}/${data.length}`);
      expect(Buffer.from(await ranged.arrayBuffer()).equals(Buffer.from(data.subarray(start, end + 1)))).toBe(true);
    }
    const inProcess = await hub.server.fetch(
      new Request(`${hub.url}/alice/xet/resolve/main/once.bin`, {
        headers: { Authorization: `Bearer ${hub.tokens.alice}`, Range: "bytes=100-299" },
      }),
    );
    expect(Buffer.from(await inProcess.arrayBuffer()).equals(Buffer.from(data.subarray(100, 300)))).toBe(true);

    // An LFS-only client: the batch download action serves the rebuilt bytes.
    const batch = await fetch(`${hub.url}/alice/xet.git/info/lfs/objects/batch`, {
      method: "POST",
      headers: { Authorization: `Bearer ${hub.tokens.alice}`, "Content-Type": "application/vnd.git-lfs+json" },
      body: JSON.stringify({ operation: "download", objects: [{ oid, size: data.length }] }),
    });
    const href = ((await batch.json()) as { objects: Array<{ actions: { download: { href: string } } }> }).objects[0]!.actions.download
      .href;
    expect(sha256(new Uint8Array(await (await fetch(href)).arrayBuffer()))).toBe(oid);

    // The same bytes uploaded through LFS (multipart: above 16 MiB) to another repo: accepted, still stored once.
    expect(await uploadLfsObject(hub, "alice/xet-again", data)).toBe(oid);
    expect(await hub.server.context.blobs.stat(oid)).toBeUndefined();
    expect((await hub.commit("alice/xet-again", [header("add by lfs"), lfsFile("lfs.bin", oid, data.length)])).status).toBe(200);
    const again = await fetch(`${hub.url}/alice/xet-again/resolve/main/lfs.bin`, {
      headers: { Authorization: `Bearer ${hub.tokens.alice}` },
    });
    expect(sha256(new Uint8Array(await again.arrayBuffer()))).toBe(oid);
  });
});

describe("data directories written before Xet files were stored once", () => {
  it("still serve their Xet files from the LFS copy the older server kept, after the migration", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "hub-xet-old-data-"));
    try {
      const data = randomBytes(3 * MB);
      const oid = sha256(data);
      let old = await startHarness({ xet: true, dataDir });
      try {
        await old.createRepo("alice/old");
        const response = await old.request("/api/models/alice/old/xet-write-token/main", { token: old.tokens.alice });
        const write = ((await response.json()) as { accessToken: string }).accessToken;
        const { xorb, shard } = xetUpload(data);
        const send = (path: string, body: Uint8Array) =>
          fetch(`${old.url}${path}`, {
            method: "POST",
            headers: { Authorization: `Bearer ${write}` },
            body: body as Uint8Array<ArrayBuffer>,
          });
        expect((await send(`/v1/xorbs/default/${xetHashToHex(xorb.hash)}`, xorb.bytes)).status).toBe(200);
        expect((await send("/v1/shards", shard)).status).toBe(200);
        expect((await old.commit("alice/old", [header("add"), lfsFile("old.bin", oid, data.length)])).status).toBe(200);
      } finally {
        await old.close();
      }
      // What the older server left: the file's bytes also as a blob, and no `xet_hash` column (nor its migration).
      const blobs = new BlobStore(dataDir);
      await blobs.putBytes(data);
      blobs.close();
      const db = new BetterSqlite3(join(dataDir, "hub.sqlite"));
      db.exec("ALTER TABLE lfs_objects DROP COLUMN xet_hash; DELETE FROM schema_migrations WHERE id = 'lfs-objects-in-xet';");
      db.close();

      old = await startHarness({ xet: true, dataDir });
      try {
        const row = old.server.context.db.prepare("SELECT xet_hash FROM lfs_objects WHERE sha256 = ?").get(oid);
        expect(row).toEqual({ xet_hash: null });
        const whole = await fetch(`${old.url}/alice/old/resolve/main/old.bin`, {
          headers: { Authorization: `Bearer ${old.tokens.alice}` },
        });
        expect(whole.headers.get("x-xet-hash")).toMatch(/^[0-9a-f]{64}$/);
        expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(oid);
        const ranged = await fetch(`${old.url}/alice/old/resolve/main/old.bin`, {
          headers: { Authorization: `Bearer ${old.tokens.alice}`, Range: "bytes=1000000-1000999" },
        });
        expect(Buffer.from(await ranged.arrayBuffer()).equals(Buffer.from(data.subarray(1_000_000, 1_001_000)))).toBe(true);
      } finally {
        await old.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("CAS validation", () => {
  it("stores a good xorb once and rejects xorbs whose bytes do not match their hash or are malformed", async () => {
    const write = await casToken("alice/xet", "write");
    const { xorb } = xetUpload(randomBytes(300_000));
    const hash = xetHashToHex(xorb.hash);
    const first = await post(`/v1/xorbs/default/${hash}`, write, xorb.bytes);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ was_inserted: true });
    expect(await (await post(`/v1/xorbs/default/${hash}`, write, xorb.bytes)).json()).toEqual({ was_inserted: false });

    const other = xetUpload(randomBytes(20_000)).xorb;
    const mismatch = await post(`/v1/xorbs/default/${xetHashToHex(other.hash)}`, write, xorb.bytes);
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toMatch(/Xorb hash mismatch/);

    const corrupt = other.bytes.slice();
    corrupt[4] = 9;
    const malformed = await post(`/v1/xorbs/default/${xetHashToHex(other.hash)}`, write, corrupt);
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toMatch(/Malformed xorb.*scheme 9/);

    const truncated = await post(`/v1/xorbs/default/${xetHashToHex(other.hash)}`, write, other.bytes.subarray(0, other.bytes.length - 10));
    expect(truncated.status).toBe(400);

    // Large xorbs are written to disk as their records are validated: a refused one leaves no file behind.
    const big = xetUpload(randomBytes(3 * MB)).xorb;
    const bigCorrupt = big.bytes.slice();
    bigCorrupt[big.chunks[20]!.start + 4] = 9;
    for (const [body, message] of [
      [bigCorrupt, /Malformed xorb: chunk 20.*scheme 9/],
      [big.bytes.subarray(0, big.bytes.length - 10), /Malformed xorb: chunk \d+/],
      [xetUpload(randomBytes(2 * MB)).xorb.bytes, /Xorb hash mismatch/],
    ] as const) {
      const refused = await post(`/v1/xorbs/default/${xetHashToHex(big.hash)}`, write, body);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(message);
    }
    const leftovers = (await readdir(join(hub.dataDir, "tmp"), { withFileTypes: true })).filter((entry) => entry.isFile());
    expect(leftovers).toEqual([]);
    // With a footer (older clients): accepted, the footer not kept.
    const footer = new Uint8Array([...new TextEncoder().encode("XETBLOB"), 1, ...new Uint8Array(120)]);
    const withFooter = new Uint8Array(big.bytes.length + footer.length);
    withFooter.set(big.bytes);
    withFooter.set(footer, big.bytes.length);
    const accepted = await post(`/v1/xorbs/default/${xetHashToHex(big.hash)}`, write, withFooter);
    expect(await accepted.json()).toEqual({ was_inserted: true });
    expect(hub.server.context.db.prepare("SELECT size FROM xet_xorbs WHERE hash = ?").get(xetHashToHex(big.hash))).toEqual({
      size: big.bytes.length,
    });
    expect((await post(`/v1/xorbs/default/not-a-hash`, write, other.bytes)).status).toBe(400);
  });

  it("rejects shards naming missing xorbs, wrong verification or file hashes, a wrong SHA-256, and garbage", async () => {
    const write = await casToken("alice/xet", "write");
    const data = randomBytes(250_000);
    const missing = xetUpload(data);
    const response = await post("/v1/shards", write, missing.shard);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/was not uploaded/);

    expect((await post(`/v1/xorbs/default/${xetHashToHex(missing.xorb.hash)}`, write, missing.xorb.bytes)).status).toBe(200);
    const cases: Array<[Uint8Array, RegExp]> = [
      [xetUpload(data, { badVerification: true }).shard, /wrong verification hash/],
      [xetUpload(data, { badFileHash: true }).shard, /File hash mismatch/],
      [xetUpload(data, { sha256: "ab".repeat(32) }).shard, /Checksum mismatch/],
      [new Uint8Array(100), /Malformed shard/],
    ];
    for (const [shard, message] of cases) {
      const refused = await post("/v1/shards", write, shard);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(message);
    }
    const good = await post("/v1/shards", write, missing.shard);
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ result: 1 });
    // The file is now an LFS object of the repo: a commit may name it by SHA-256.
    const committed = await hub.commit("alice/xet", [header("add by sha"), lfsFile("by-sha.bin", sha256(data), data.length)]);
    expect(committed.status).toBe(200);
  });

  it("answers the dedup query with an HMAC-keyed shard, or 404", async () => {
    const read = await casToken("alice/xet", "read");
    const data = randomBytes(200_000);
    const write = await casToken("alice/xet", "write");
    const { xorb, shard } = xetUpload(data);
    await post(`/v1/xorbs/default/${xetHashToHex(xorb.hash)}`, write, xorb.bytes);
    expect((await post("/v1/shards", write, shard)).status).toBe(200);
    const first = xetHashToHex(xorb.chunks[0]!.hash);
    for (const prefix of ["default", "default-merkledb"]) {
      const answer = await fetch(`${hub.url}/v1/chunks/${prefix}/${first}`, { headers: { Authorization: `Bearer ${read}` } });
      expect(answer.status).toBe(200);
      const { parseShard, xetHmac } = await import("@hub/core/xet");
      const parsed = parseShard(new Uint8Array(await answer.arrayBuffer()));
      expect(parsed.files).toEqual([]);
      expect(xetHashToHex(parsed.xorbs[0]!.xorbHash)).toBe(xetHashToHex(xorb.hash));
      const key = parsed.footer!.hmacKey;
      expect(key.some((byte) => byte !== 0)).toBe(true);
      expect(parsed.xorbs[0]!.chunks[0]!.hash).toEqual(xetHmac(xorb.chunks[0]!.hash, key));
    }
    expect((await fetch(`${hub.url}/v1/chunks/default/${"0".repeat(64)}`, { headers: { Authorization: `Bearer ${read}` } })).status).toBe(
      404,
    );
  });
});

describe("access rules", () => {
  it("hands tokens only to who may read or write the repo, and the CAS checks them", async () => {
    expect((await token("alice/xet", "write", hub.tokens.bob)).status).toBe(403);
    expect((await token("alice/secret", "read", hub.tokens.bob)).status).toBe(404);
    expect((await hub.request("/api/models/alice/secret/xet-read-token/main")).status).toBe(401);
    expect((await token("alice/xet", "read", hub.tokens.alice, "no-such-branch")).status).toBe(404);
    const response = await token("alice/xet", "write");
    const body = (await response.json()) as { accessToken: string; exp: number; casUrl: string };
    expect(body.casUrl).toBe(hub.url);
    expect(response.headers.get("x-xet-access-token")).toBe(body.accessToken);
    expect(response.headers.get("x-xet-cas-url")).toBe(hub.url);
    expect(Number(response.headers.get("x-xet-token-expiration"))).toBe(body.exp);

    const { xorb } = xetUpload(randomBytes(10_000));
    const path = `/v1/xorbs/default/${xetHashToHex(xorb.hash)}`;
    expect((await post(path, undefined, xorb.bytes)).status).toBe(401);
    expect((await post(path, "xet_forged.token", xorb.bytes)).status).toBe(401);
    expect((await post(path, await casToken("alice/xet", "read"), xorb.bytes)).status).toBe(403);
  });

  it("reconstructs a file only for repos that own it; data URLs need their signature", async () => {
    const data = randomBytes(150_000);
    const write = await casToken("alice/secret", "write");
    const { xorb, shard, fileHash } = xetUpload(data);
    await post(`/v1/xorbs/default/${xetHashToHex(xorb.hash)}`, write, xorb.bytes);
    expect((await post("/v1/shards", write, shard)).status).toBe(200);
    const bobRead = await casToken("bob/mine", "read", hub.tokens.bob);
    expect((await fetch(`${hub.url}/v2/reconstructions/${fileHash}`, { headers: { Authorization: `Bearer ${bobRead}` } })).status).toBe(
      404,
    );
    const aliceRead = await casToken("alice/secret", "read");
    for (const version of ["v1", "v2"]) {
      const answer = await fetch(`${hub.url}/${version}/reconstructions/${fileHash}`, {
        headers: { Authorization: `Bearer ${aliceRead}`, Range: "bytes=10-140009" },
      });
      expect(answer.status).toBe(200);
      const plan = (await answer.json()) as Record<string, any>;
      expect(plan.terms[0].hash).toBe(xetHashToHex(xorb.hash));
      expect(plan.offset_into_first_range).toBe(10);
      const fetchEntry = version === "v2" ? plan.xorbs[plan.terms[0].hash][0] : plan.fetch_info[plan.terms[0].hash][0];
      const bytes = version === "v2" ? fetchEntry.ranges[0].bytes : fetchEntry.url_range;
      const ok = await fetch(fetchEntry.url, { headers: { Range: `bytes=${bytes.start}-${bytes.end}` } });
      expect(ok.status).toBe(206);
      expect((await ok.arrayBuffer()).byteLength).toBe(bytes.end - bytes.start + 1);
      const forged = await fetch(fetchEntry.url.replace(/sig=[^&]+/, "sig=AAAA"));
      expect(forged.status).toBe(403);
      // Widening the signed range breaks the signature.
      const wider = await fetch(fetchEntry.url.replace(/r=\d+-\d+/, `r=${bytes.start}-${bytes.end + 100}`));
      expect(wider.status).toBe(403);
    }
    const beyond = await fetch(`${hub.url}/v2/reconstructions/${fileHash}`, {
      headers: { Authorization: `Bearer ${aliceRead}`, Range: "bytes=150000-160000" },
    });
    expect(beyond.status).toBe(416);
    // Bob cannot commit alice's file by its SHA-256 either: his repo does not own it.
    const bobCommit = await hub.commit("bob/mine", [header("steal"), lfsFile("x.bin", sha256(data), data.length)], {
      token: hub.tokens.bob,
    });
    expect(bobCommit.status).toBeGreaterThanOrEqual(400);
  });

  it("expired tokens answer 401", async () => {
    let now = Date.now();
    const clocked = await startHarness({ xet: true, clock: () => now, xetTokenTtlSeconds: 60 });
    try {
      await clocked.createRepo("alice/clock");
      const response = await clocked.request("/api/models/alice/clock/xet-write-token/main", { token: clocked.tokens.alice });
      const { accessToken } = (await response.json()) as { accessToken: string };
      now += 61_000;
      const { xorb } = xetUpload(randomBytes(1000));
      const late = await fetch(`${clocked.url}/v1/xorbs/default/${xetHashToHex(xorb.hash)}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${accessToken}` },
        body: xorb.bytes as Uint8Array<ArrayBuffer>,
      });
      expect(late.status).toBe(401);
    } finally {
      await clocked.close();
    }
  });
});

describe("the switch", () => {
  it("without xet: no token routes, no CAS, and LFS batches stay basic", async () => {
    const plain = await startHarness({ xet: false });
    try {
      await plain.createRepo("alice/plain");
      expect((await plain.request("/api/models/alice/plain/xet-write-token/main", { token: plain.tokens.alice })).status).toBe(404);
      expect((await fetch(`${plain.url}/v1/shards`, { method: "POST" })).status).toBe(404);
      const batch = await fetch(`${plain.url}/alice/plain.git/info/lfs/objects/batch`, {
        method: "POST",
        headers: { Authorization: `Bearer ${plain.tokens.alice}`, "Content-Type": "application/vnd.git-lfs+json" },
        body: JSON.stringify({
          operation: "upload",
          transfers: ["basic", "multipart", "xet"],
          ref: { name: "main" },
          objects: [{ oid: "a".repeat(64), size: 10 }],
        }),
      });
      expect(((await batch.json()) as { transfer: string }).transfer).toBe("basic");
    } finally {
      await plain.close();
    }
  });
});
