import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/storage/database.ts";
import { header, lfsFile, startHarness, uploadLfsObject, type Harness } from "./helpers.ts";

// LFS objects belong to repos: knowing the sha256 of an object in someone else's private repo
// must not give its bytes, a pointer to it, or even the fact that it exists.

let hub: Harness;
const secret = randomBytes(3000);
const secretOid = createHash("sha256").update(secret).digest("hex");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function batch(repoPath: string, token: string | undefined, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${hub.url}/${repoPath}.git/info/lfs/objects/batch`, {
    method: "POST",
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      Accept: "application/vnd.git-lfs+json",
      "Content-Type": "application/vnd.git-lfs+json",
    },
    body: JSON.stringify({ hash_algo: "sha256", transfers: ["basic", "multipart"], ...body }),
  });
}

async function batchObject(
  repoPath: string,
  token: string | undefined,
  operation: "upload" | "download",
  oid: string,
  size: number,
): Promise<Record<string, any>> {
  const response = await batch(repoPath, token, {
    operation,
    ...(operation === "upload" ? { ref: { name: "main" } } : {}),
    objects: [{ oid, size }],
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { objects: Array<Record<string, any>> }).objects[0]!;
}

/** An answer with the oid-specific parts (oid, signatures, expiry) blanked, to compare shapes. */
function shape(object: Record<string, any>, oid: string): string {
  return JSON.stringify(object)
    .replaceAll(oid, "<oid>")
    .replace(/(sig|exp)=[0-9a-f]+/g, "$1=<x>")
    .replace(/"expires_at":"[^"]+"/g, '"expires_at":"<x>"');
}

beforeAll(async () => {
  hub = await startHarness();
  await hub.createRepo("alice/secret", { private: true });
  await hub.createRepo("bob/public", { token: hub.tokens.bob });
  await hub.createRepo("bob/other", { token: hub.tokens.bob });
  await uploadLfsObject(hub, "alice/secret", secret);
  const commit = await hub.commit("alice/secret", [header("weights"), lfsFile("weights.bin", secretOid, secret.byteLength)]);
  expect(commit.status).toBe(200);
});
afterAll(async () => {
  await hub.close();
});

describe("LFS objects belong to repos", () => {
  it("the owner gets a download URL that serves the bytes", async () => {
    const object = await batchObject("alice/secret", hub.tokens.alice, "download", secretOid, secret.byteLength);
    const download = await fetch(object.actions.download.href);
    expect(Buffer.from(await download.arrayBuffer()).equals(secret)).toBe(true);
  });

  it("another user's download batch through their own repo answers as for an object that does not exist", async () => {
    const stolen = await batchObject("bob/public", hub.tokens.bob, "download", secretOid, secret.byteLength);
    expect(stolen).toEqual({ oid: secretOid, size: secret.byteLength, error: { code: 404, message: "Object does not exist" } });
    const unknownOid = sha256(randomBytes(16));
    const unknown = await batchObject("bob/public", hub.tokens.bob, "download", unknownOid, secret.byteLength);
    expect(shape(stolen, secretOid)).toBe(shape(unknown, unknownOid));
    // Anonymous, through a public repo: the same.
    expect((await batchObject("bob/public", undefined, "download", secretOid, secret.byteLength)).error).toEqual({
      code: 404,
      message: "Object does not exist",
    });
  });

  it("a commit of a pointer to the foreign object is refused (400) like one to a missing object, and nothing lands", async () => {
    const foreign = await hub.commit("bob/public", [header("steal"), lfsFile("stolen.bin", secretOid, secret.byteLength)], {
      token: hub.tokens.bob,
    });
    const missingOid = sha256(randomBytes(16));
    const missing = await hub.commit("bob/public", [header("steal"), lfsFile("stolen.bin", missingOid, secret.byteLength)], {
      token: hub.tokens.bob,
    });
    expect(foreign.status).toBe(400);
    expect(missing.status).toBe(400);
    const message = ((await foreign.json()) as { error: string }).error;
    expect(message).toBe(
      "Your push was rejected because an LFS pointer pointed to a file that does not exist (stolen.bin): upload its content to this repo first",
    );
    expect(((await missing.json()) as { error: string }).error).toBe(message);
    const resolve = await fetch(`${hub.url}/bob/public/resolve/main/stolen.bin`, { redirect: "manual" });
    expect(resolve.status).toBe(404);
    // Without the size, and through a pull request: refused as well.
    const withoutSize = await hub.commit(
      "bob/public",
      [header("steal"), { key: "lfsFile", value: { path: "s.bin", algo: "sha256", oid: secretOid } }],
      { token: hub.tokens.bob },
    );
    expect(withoutSize.status).toBe(400);
    const pr = await hub.commit("bob/public", [header("steal"), lfsFile("s.bin", secretOid, secret.byteLength)], {
      token: hub.tokens.bob,
      query: "?create_pr=1",
    });
    expect(pr.status).toBe(400);
  });

  it("the upload batch does not reveal that the object exists: it asks for the bytes, as for a new object", async () => {
    const known = await batchObject("bob/public", hub.tokens.bob, "upload", secretOid, secret.byteLength);
    const newOid = sha256(randomBytes(16));
    const fresh = await batchObject("bob/public", hub.tokens.bob, "upload", newOid, secret.byteLength);
    expect(known.actions.upload.href).toBeTypeOf("string");
    expect(shape(known, secretOid)).toBe(shape(fresh, newOid));
    // A wrong size is not answered with the stored size either.
    const wrongSize = await batchObject("bob/public", hub.tokens.bob, "upload", secretOid, 7);
    expect(wrongSize.error).toBeUndefined();
    expect(wrongSize.actions.upload.href).toBeTypeOf("string");
    // Verify says "not found" for an object the repo does not own.
    const verify = await fetch(known.actions.verify.href, {
      method: "POST",
      headers: { Authorization: `Bearer ${hub.tokens.bob}`, "Content-Type": "application/vnd.git-lfs+json" },
      body: JSON.stringify({ oid: secretOid, size: secret.byteLength }),
    });
    expect(verify.status).toBe(404);
  });

  it("an upload URL refuses bytes that are not the object, and grants nothing then", async () => {
    const upload = (await batchObject("bob/public", hub.tokens.bob, "upload", secretOid, secret.byteLength)).actions.upload;
    const wrong = await fetch(upload.href, { method: "PUT", body: randomBytes(secret.byteLength) });
    expect(wrong.status).toBe(400);
    const empty = await fetch(upload.href, { method: "PUT", body: new Uint8Array(0) });
    expect(empty.status).toBe(400);
    expect((await batchObject("bob/public", hub.tokens.bob, "download", secretOid, secret.byteLength)).error?.code).toBe(404);
  });

  it("an upload URL signed for one repo cannot give the object to another", async () => {
    const forOther = (await batchObject("bob/other", hub.tokens.bob, "upload", secretOid, secret.byteLength)).actions.upload.href as string;
    const forPublic = (await batchObject("bob/public", hub.tokens.bob, "upload", secretOid, secret.byteLength)).actions.upload
      .href as string;
    const publicRepo = new URL(forPublic).searchParams.get("repo")!;
    const swapped = new URL(forOther);
    swapped.searchParams.set("repo", publicRepo);
    expect((await fetch(swapped, { method: "PUT", body: secret })).status).toBe(403);
    const noRepo = new URL(forOther);
    noRepo.searchParams.delete("repo");
    expect((await fetch(noRepo, { method: "PUT", body: secret })).status).toBe(403);
  });

  it("whoever has the bytes may upload them to their repo: stored once, then theirs to commit and download", async () => {
    const shared = randomBytes(2000);
    const sharedOid = sha256(shared);
    await uploadLfsObject(hub, "alice/secret", shared);
    await uploadLfsObject(hub, "bob/public", shared, { authorization: `Bearer ${hub.tokens.bob}` });
    expect(
      (await hub.commit("bob/public", [header("mine"), lfsFile("mine.bin", sharedOid, shared.byteLength)], { token: hub.tokens.bob }))
        .status,
    ).toBe(200);
    const resolved = await fetch(`${hub.url}/bob/public/resolve/main/mine.bin`);
    expect(Buffer.from(await resolved.arrayBuffer()).equals(shared)).toBe(true);
    // Now bob's repo owns it: the upload batch says "already there".
    expect(await batchObject("bob/public", hub.tokens.bob, "upload", sharedOid, shared.byteLength)).toEqual({
      oid: sharedOid,
      size: shared.byteLength,
    });
  });

  it("a multipart upload of an object stored for another repo checks the bytes before granting it", async () => {
    const small = await startHarness({ multipartThreshold: 1024, multipartChunkSize: 1024 });
    try {
      await small.createRepo("alice/private-big", { private: true });
      await small.createRepo("bob/mine", { token: small.tokens.bob });
      const bytes = randomBytes(4000);
      const oid = sha256(bytes);
      await uploadLfsObject(small, "alice/private-big", bytes);
      const upload = await (
        await fetch(`${small.url}/bob/mine.git/info/lfs/objects/batch`, {
          method: "POST",
          headers: { Authorization: `Bearer ${small.tokens.bob}`, "Content-Type": "application/vnd.git-lfs+json" },
          body: JSON.stringify({ operation: "upload", ref: { name: "main" }, objects: [{ oid, size: bytes.byteLength }] }),
        })
      ).json();
      const action = upload.objects[0].actions.upload;
      expect(action.header.chunk_size).toBe("1024");
      // Parts of other bytes: the completion refuses them and bob's repo gets nothing.
      const parts = Object.keys(action.header).filter((key) => /^\d+$/.test(key));
      for (const part of parts)
        expect(
          (
            await fetch(action.header[part], {
              method: "PUT",
              body: randomBytes(Math.min(1024, bytes.byteLength - (Number(part) - 1) * 1024)),
            })
          ).status,
        ).toBe(200);
      const complete = await fetch(action.href, {
        method: "POST",
        body: JSON.stringify({ oid, parts: parts.map((part) => ({ partNumber: Number(part), etag: "x" })) }),
      });
      expect(complete.status).toBe(400);
      expect(
        (await small.commit("bob/mine", [header("steal"), lfsFile("big.bin", oid, bytes.byteLength)], { token: small.tokens.bob })).status,
      ).toBe(400);
      // The real bytes: granted.
      await uploadLfsObject(small, "bob/mine", bytes, { authorization: `Bearer ${small.tokens.bob}` });
      expect(
        (await small.commit("bob/mine", [header("mine"), lfsFile("big.bin", oid, bytes.byteLength)], { token: small.tokens.bob })).status,
      ).toBe(200);
    } finally {
      await small.close();
    }
  });

  it("a duplicated Space owns the LFS objects of the tree it copied", async () => {
    await hub.createRepo("alice/space", { type: "space", sdk: "gradio" });
    const bytes = randomBytes(1500);
    const oid = await uploadLfsObject(hub, "alice/space", bytes, { type: "space" });
    expect(
      (await hub.commit("alice/space", [header("model"), lfsFile("model.bin", oid, bytes.byteLength)], { type: "space" })).status,
    ).toBe(200);
    const duplicate = await hub.request("/api/spaces/alice/space/duplicate", {
      method: "POST",
      token: hub.tokens.bob,
      json: { repository: "bob/space-copy" },
    });
    expect(duplicate.status).toBe(200);
    const copy = await fetch(`${hub.url}/spaces/bob/space-copy/resolve/main/model.bin`);
    expect(Buffer.from(await copy.arrayBuffer()).equals(bytes)).toBe(true);
  });
});

describe("repos written before LFS ownership existed", () => {
  it("own the objects their commits point to (migration), and an LFS file of a repo without the object is not served", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "hub-lfs-migration-"));
    try {
      const first = await startHarness({ dataDir });
      await first.createRepo("alice/old", { private: true });
      const bytes = randomBytes(1200);
      const oid = await uploadLfsObject(first, "alice/old", bytes);
      expect((await first.commit("alice/old", [header("old"), lfsFile("old.bin", oid, bytes.byteLength)])).status).toBe(200);
      const asAlice = { headers: { Authorization: `Bearer ${first.tokens.alice}` } };
      // The state before the migration: no ownership rows at all.
      const db = openDatabase(join(dataDir, "hub.sqlite"));
      db.exec("DELETE FROM repo_lfs_objects");
      expect((await fetch(`${first.url}/alice/old/resolve/main/old.bin`, asAlice)).status).toBe(404);
      db.exec("DROP TABLE repo_lfs_objects; DELETE FROM schema_migrations WHERE id = 'lfs-object-owners'");
      db.close();
      await first.close();

      const second = await startHarness({ dataDir });
      try {
        const served = await fetch(`${second.url}/alice/old/resolve/main/old.bin`, asAlice);
        expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
        const object = await (
          await fetch(`${second.url}/alice/old.git/info/lfs/objects/batch`, {
            method: "POST",
            headers: { Authorization: `Bearer ${second.tokens.alice}`, "Content-Type": "application/vnd.git-lfs+json" },
            body: JSON.stringify({ operation: "download", objects: [{ oid, size: bytes.byteLength }] }),
          })
        ).json();
        expect(object.objects[0].actions.download.href).toBeTypeOf("string");
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
