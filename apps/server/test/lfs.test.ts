import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { header, lfsFile, startHarness, uploadLfsObject, type Harness } from "./helpers.ts";

let hub: Harness;
beforeAll(async () => {
  hub = await startHarness();
  await hub.createRepo("alice/lfs");
  await hub.createRepo("acme/lfs-data", { type: "dataset" });
});
afterAll(async () => {
  await hub.close();
});

function batch(repoPath: string, body: unknown, authorization?: string): Promise<Response> {
  return fetch(`${hub.url}/${repoPath}.git/info/lfs/objects/batch`, {
    method: "POST",
    headers: {
      ...(authorization ? { Authorization: authorization } : {}),
      Accept: "application/vnd.git-lfs+json",
      "Content-Type": "application/vnd.git-lfs+json",
    },
    body: JSON.stringify(body),
  });
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("LFS batch", () => {
  it("answers xet (on by default) to a batch that lists it, and basic to the same batch when Xet is off", async () => {
    const oid = sha256(randomBytes(10));
    const body = { operation: "upload", transfers: ["basic", "multipart", "xet"], ref: { name: "main" }, objects: [{ oid, size: 10 }] };
    const auth = `Bearer ${hub.tokens.alice}`;
    const xet = (await (await batch("alice/lfs", body, auth)).json()) as { transfer: string; objects: Array<{ actions: unknown }> };
    expect(xet.transfer).toBe("xet");
    const noXet = await startHarness({ xet: false });
    try {
      await noXet.createRepo("alice/lfs");
      const response = await fetch(`${noXet.url}/alice/lfs.git/info/lfs/objects/batch`, {
        method: "POST",
        headers: { Authorization: `Bearer ${noXet.tokens.alice}`, "Content-Type": "application/vnd.git-lfs+json" },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { transfer: string };
      expect(answer.transfer).toBe("basic");
      expect((await fetch(`${noXet.url}/api/models/alice/lfs/xet-write-token/main`, { headers: { Authorization: auth } })).status).toBe(
        404,
      );
    } finally {
      await noXet.close();
    }
  });

  it("answers basic transfer (to clients that do not list xet) with signed absolute URLs, Basic auth and sha_256 accepted, stored objects without actions", async () => {
    const bytes = randomBytes(1000);
    const oid = sha256(bytes);
    const basic = `Basic ${Buffer.from(`access_token:${hub.tokens.bob}`).toString("base64")}`;
    const response = await batch(
      "datasets/acme/lfs-data",
      { operation: "upload", transfers: ["basic", "multipart"], hash_algo: "sha_256", objects: [{ oid, size: 1000 }] },
      basic,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/vnd.git-lfs+json");
    const body = await response.json();
    expect(body.transfer).toBe("basic");
    const upload = body.objects[0].actions.upload;
    expect(upload.href.startsWith(`${hub.url}/`)).toBe(true);
    expect(body.objects[0].actions.verify.href).toBe(`${hub.url}/datasets/acme/lfs-data.git/info/lfs/objects/verify`);

    const tampered = upload.href.replace(/sig=[0-9a-f]/, "sig=x");
    expect((await fetch(tampered, { method: "PUT", body: bytes })).status).toBe(403);
    expect((await fetch(upload.href, { method: "PUT", body: randomBytes(1000) })).status).toBe(400);
    const put = await fetch(upload.href, { method: "PUT", body: bytes });
    expect(put.status).toBe(200);
    const verify = await fetch(body.objects[0].actions.verify.href, {
      method: "POST",
      headers: { Authorization: basic, "Content-Type": "application/vnd.git-lfs+json" },
      body: JSON.stringify({ oid, size: 1000 }),
    });
    expect(verify.status).toBe(200);

    const again = await (
      await batch("datasets/acme/lfs-data", { operation: "upload", objects: [{ oid, size: 1000 }] }, `Bearer ${hub.tokens.bob}`)
    ).json();
    expect(again.objects[0]).toEqual({ oid, size: 1000 });
  });

  it("requires auth for uploads, write access with a ref, and reports invalid objects per object", async () => {
    const oid = "b".repeat(64);
    expect((await batch("alice/lfs", { operation: "upload", objects: [{ oid, size: 1 }] })).status).toBe(401);
    expect(
      (await batch("alice/lfs", { operation: "upload", ref: { name: "main" }, objects: [{ oid, size: 1 }] }, `Bearer ${hub.tokens.carol}`))
        .status,
    ).toBe(403);
    const forPr = await batch("alice/lfs", { operation: "upload", objects: [{ oid, size: 1 }] }, `Bearer ${hub.tokens.carol}`);
    expect(forPr.status).toBe(200);
    const invalid = await (
      await batch("alice/lfs", { operation: "upload", objects: [{ oid: "xyz", size: 1 }] }, `Bearer ${hub.tokens.alice}`)
    ).json();
    expect(invalid.objects[0].error.code).toBe(422);
  });

  it("uploads a 120 MB object in parts, verifies the assembled sha256, and serves it with Range", async () => {
    const bytes = randomBytes(120 * 1000 * 1000);
    const oid = sha256(bytes);
    const response = await (
      await batch(
        "alice/lfs",
        {
          operation: "upload",
          transfers: ["basic", "multipart"],
          hash_algo: "sha256",
          ref: { name: "main" },
          objects: [{ oid, size: bytes.byteLength }],
        },
        `Bearer ${hub.tokens.alice}`,
      )
    ).json();
    const upload = response.objects[0].actions.upload;
    const chunkSize = Number(upload.header.chunk_size);
    expect(typeof upload.header.chunk_size).toBe("string");
    const partKeys = Object.keys(upload.header).filter((key) => /^\d+$/.test(key));
    expect(partKeys.length).toBe(Math.ceil(bytes.byteLength / chunkSize));

    const early = await fetch(upload.href, { method: "POST", body: JSON.stringify({ oid, parts: [] }) });
    expect(early.status).toBe(400);
    await uploadLfsObject(hub, "alice/lfs", bytes);
    const commit = await hub.commit("alice/lfs", [header("big"), lfsFile("big.bin", oid, bytes.byteLength)]);
    expect(commit.status).toBe(200);

    const headResponse = await fetch(`${hub.url}/alice/lfs/resolve/main/big.bin`, { method: "HEAD" });
    expect(headResponse.headers.get("x-linked-size")).toBe(String(bytes.byteLength));
    expect(headResponse.headers.get("etag")).toBe(`"${oid}"`);
    const slice = await fetch(`${hub.url}/alice/lfs/resolve/main/big.bin`, { headers: { Range: "bytes=100000000-100000099" } });
    expect(slice.status).toBe(206);
    expect(Buffer.from(await slice.arrayBuffer()).equals(bytes.subarray(100000000, 100000100))).toBe(true);
    const whole = await fetch(`${hub.url}/alice/lfs/resolve/main/big.bin`);
    const hash = createHash("sha256");
    for await (const chunk of whole.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
    expect(hash.digest("hex")).toBe(oid);
  });

  it("rejects a multipart completion whose parts do not add up to the object", async () => {
    const bytes = randomBytes(17 * 1024 * 1024);
    const oid = sha256(bytes);
    const response = await (
      await batch("alice/lfs", { operation: "upload", objects: [{ oid, size: bytes.byteLength }] }, `Bearer ${hub.tokens.alice}`)
    ).json();
    const upload = response.objects[0].actions.upload;
    const keys = Object.keys(upload.header).filter((key) => /^\d+$/.test(key));
    for (const key of keys)
      await fetch(upload.header[key], {
        method: "PUT",
        body: randomBytes(key === keys.at(-1) ? 1024 * 1024 : Number(upload.header.chunk_size)),
      });
    const complete = await fetch(upload.href, {
      method: "POST",
      body: JSON.stringify({ oid, parts: keys.map((key) => ({ partNumber: Number(key), etag: "x" })) }),
    });
    expect(complete.status).toBe(400);
    expect((await complete.json()).error).toMatch(/mismatch/i);
    expect((await hub.commit("alice/lfs", [header("x"), lfsFile("x.bin", oid, bytes.byteLength)])).status).toBe(400);
  });
});
