import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, utimesSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers.ts";

const CHUNK = 64 * 1024;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "hub-upload-expiry-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const start = (options: { multipartMaxAgeSeconds?: number } = {}) =>
  startHarness({ dataDir, multipartThreshold: CHUNK, multipartChunkSize: CHUNK, ...options });

/** Starts a multipart upload and sends only its first part: an orphan. Returns the completion URL. */
async function orphanUpload(hub: Harness): Promise<{ complete: string; oid: string }> {
  const bytes = randomBytes(3 * CHUNK);
  const oid = createHash("sha256").update(bytes).digest("hex");
  const batch = await fetch(`${hub.url}/alice/uploads.git/info/lfs/objects/batch`, {
    method: "POST",
    headers: { Authorization: `Bearer ${hub.tokens.alice}`, "Content-Type": "application/vnd.git-lfs+json" },
    body: JSON.stringify({ operation: "upload", transfers: ["basic", "multipart"], objects: [{ oid, size: bytes.length }] }),
  });
  expect(batch.status).toBe(200);
  const upload = (await batch.json()).objects[0].actions.upload as { href: string; header: Record<string, string> };
  expect((await fetch(upload.header["00001"]!, { method: "PUT", body: bytes.subarray(0, CHUNK) })).status).toBe(200);
  return { complete: upload.href, oid };
}

const uploadFiles = () => readdirSync(join(dataDir, "uploads"));

describe("abandoned multipart uploads", () => {
  it("are removed once older than the max age, and cannot be completed after", async () => {
    const hub = await start();
    try {
      await hub.createRepo("alice/uploads");
      const { complete, oid } = await orphanUpload(hub);
      expect(uploadFiles()).toHaveLength(1);
      expect(hub.server.expireUploads()).toEqual([]);
      expect(hub.server.expireUploads(Date.now() + 23 * 3600_000)).toEqual([]);
      const removed = hub.server.expireUploads(Date.now() + 25 * 3600_000);
      expect(removed).toHaveLength(1);
      expect(uploadFiles()).toEqual([]);
      const completion = await fetch(complete, { method: "POST", body: JSON.stringify({ oid, parts: [] }) });
      expect(completion.status).toBe(400);
    } finally {
      await hub.close();
    }
  });

  it("are removed at start-up with the configured max age", async () => {
    let hub = await start();
    await orphanUpload(hub);
    const [fresh] = uploadFiles();
    await hub.close();
    // An upload last written two hours ago: kept with the 24 h default, gone with a 1 h max age.
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(dataDir, "uploads", fresh!), twoHoursAgo, twoHoursAgo);
    hub = await start();
    await hub.close();
    expect(existsSync(join(dataDir, "uploads", fresh!))).toBe(true);
    hub = await start({ multipartMaxAgeSeconds: 3600 });
    await hub.close();
    expect(uploadFiles()).toEqual([]);
  });
});
