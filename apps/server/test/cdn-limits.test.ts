import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { header, lfsFile, startHarness, uploadLfsObject, type Harness } from "./helpers.ts";

const bytes = randomBytes(5000);
const sha = createHash("sha256").update(bytes).digest("hex");
let hub: Harness;
let clock = Date.now();

beforeAll(async () => {
  hub = await startHarness({ lfsRedirects: true, signedUrlTtlSeconds: 1, clock: () => clock, maxSingleGetBytes: 1000 });
  await hub.createRepo("alice/cdn");
  await uploadLfsObject(hub, "alice/cdn", bytes);
  expect((await hub.commit("alice/cdn", [header("add"), lfsFile("big.bin", sha, bytes.length)])).status).toBe(200);
});
afterAll(async () => {
  await hub.close();
});

async function signedLocation(): Promise<string> {
  const redirect = await hub.request("/alice/cdn/resolve/main/big.bin", { method: "HEAD", redirect: "manual" });
  expect(redirect.status).toBe(302);
  return redirect.headers.get("location")!;
}

describe("signed URL lifetime", () => {
  it("answers 403 once a resolve redirect URL has expired", async () => {
    const location = await signedLocation();
    expect(Number(new URL(location).searchParams.get("exp"))).toBe(Math.floor(clock / 1000) + 1);
    expect((await fetch(location, { method: "HEAD" })).status).toBe(200);
    clock += 1500;
    const expired = await fetch(location, { method: "HEAD" });
    expect(expired.status).toBe(403);
    expect(expired.headers.get("x-error-message")).toMatch(/expired/);
    // Resolving again gives a fresh URL.
    expect((await fetch(await signedLocation(), { method: "HEAD" })).status).toBe(200);
  });

  it("gives LFS batch download actions the same lifetime", async () => {
    const batch = await fetch(`${hub.url}/alice/cdn.git/info/lfs/objects/batch`, {
      method: "POST",
      headers: { Authorization: `Bearer ${hub.tokens.alice}`, "Content-Type": "application/vnd.git-lfs+json" },
      body: JSON.stringify({ operation: "download", objects: [{ oid: sha, size: bytes.length }] }),
    });
    const download = (await batch.json()).objects[0].actions.download as { href: string; expires_at: string };
    expect(Date.parse(download.expires_at)).toBe(clock + 1000);
    // The object is above the single-GET limit, so this signed URL answers 400 while valid and 403 once expired.
    expect((await fetch(download.href)).status).toBe(400);
    clock += 1500;
    expect((await fetch(download.href)).status).toBe(403);
  });
});

describe("single-GET limit", () => {
  it("refuses a GET without a Range, or with an open or too large range, above the limit", async () => {
    const location = await signedLocation();
    const whole = await fetch(location);
    expect(whole.status).toBe(400);
    expect(whole.headers.get("x-error-message")).toMatch(/single GET may not return more than 1000 bytes/);
    expect((await fetch(location, { headers: { Range: "bytes=100-" } })).status).toBe(400);
    expect((await fetch(location, { headers: { Range: "bytes=0-1000" } })).status).toBe(400);
    // Bounded ranges within the limit work, and HEAD still gives the size.
    const slice = await fetch(location, { headers: { Range: "bytes=1000-1999" } });
    expect(slice.status).toBe(206);
    expect(Buffer.from(await slice.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
    expect((await fetch(location, { headers: { Range: "bytes=4500-" } })).status).toBe(206);
    expect((await fetch(location, { method: "HEAD" })).headers.get("content-length")).toBe("5000");
  });

  it("applies to LFS files served directly by resolve, not to regular files", async () => {
    const direct = await startHarness({ maxSingleGetBytes: 1000 });
    try {
      await direct.createRepo("alice/cdn");
      await uploadLfsObject(direct, "alice/cdn", bytes);
      expect((await direct.commit("alice/cdn", [header("add"), lfsFile("big.bin", sha, bytes.length)])).status).toBe(200);
      expect((await direct.request("/alice/cdn/resolve/main/big.bin")).status).toBe(400);
      expect((await direct.request("/alice/cdn/resolve/main/big.bin", { headers: { Range: "bytes=0-999" } })).status).toBe(206);
      expect((await direct.request("/alice/cdn/raw/main/big.bin")).status).toBe(200);
    } finally {
      await direct.close();
    }
  });
});
