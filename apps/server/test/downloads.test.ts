import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { file, header, lfsFile, startHarness, uploadLfsObject, type Harness } from "./helpers.ts";

const large = randomBytes(3 * 1024 * 1024 + 17);
const largeSha = createHash("sha256").update(large).digest("hex");
const small = Buffer.from("small regular file");

async function seed(hub: Harness): Promise<string> {
  await hub.createRepo("alice/dl");
  await uploadLfsObject(hub, "alice/dl", large);
  const response = await hub.commit("alice/dl", [
    header("files"),
    lfsFile("weights/large.bin", largeSha, large.byteLength),
    file("notes.txt", small),
  ]);
  if (!response.ok) throw new Error(await response.text());
  return ((await response.json()) as { commitOid: string }).commitOid;
}

describe("resolve streaming from disk (default: 200 with the bytes)", () => {
  let hub: Harness;
  let commit: string;
  beforeAll(async () => {
    hub = await startHarness();
    commit = await seed(hub);
  });
  afterAll(async () => {
    await hub.close();
  });

  it("sends a large file whole and in ranges, with the headers the middleware would add", async () => {
    const whole = await hub.request("/alice/dl/resolve/main/weights/large.bin", { headers: { Origin: "http://example.test" } });
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-length")).toBe(String(large.byteLength));
    expect(whole.headers.get("etag")).toBe(`"${largeSha}"`);
    expect(whole.headers.get("x-repo-commit")).toBe(commit);
    expect(whole.headers.get("access-control-allow-origin")).toBe("*");
    expect(whole.headers.get("access-control-expose-headers")).toContain("X-Linked-Etag");
    expect(whole.headers.get("x-request-id")).toMatch(/^Root=1-/);
    // The same CORS headers as an answer that went through the middleware, and a request id of its own.
    const viaMiddleware = await hub.request("/api/models/alice/dl", { headers: { Origin: "http://example.test" } });
    expect(viaMiddleware.status).toBe(200);
    for (const name of ["access-control-allow-origin", "access-control-expose-headers"])
      expect(whole.headers.get(name), name).toBe(viaMiddleware.headers.get(name));
    expect(whole.headers.get("x-request-id")).not.toBe(viaMiddleware.headers.get("x-request-id"));
    expect(Buffer.from(await whole.arrayBuffer()).equals(large)).toBe(true);
    const start = 1024 * 1024 - 3;
    const slice = await hub.request("/alice/dl/resolve/main/weights/large.bin", { headers: { Range: `bytes=${start}-${start + 99_999}` } });
    expect(slice.status).toBe(206);
    expect(slice.headers.get("content-range")).toBe(`bytes ${start}-${start + 99_999}/${large.byteLength}`);
    expect(Buffer.from(await slice.arrayBuffer()).equals(large.subarray(start, start + 100_000))).toBe(true);
  });

  it("serves the same bytes in-process (no socket) through fetch()", async () => {
    const response = await hub.server.fetch(
      new Request("http://hub.local/alice/dl/resolve/main/weights/large.bin", { headers: { Range: "bytes=-1000" } }),
    );
    expect(response.status).toBe(206);
    expect(Buffer.from(await response.arrayBuffer()).equals(large.subarray(-1000))).toBe(true);
  });

  it("counts whole-file downloads, written in one batch shortly after", async () => {
    const downloads = async () =>
      ((await (await hub.request("/api/models/alice/dl?expand[]=downloads")).json()) as { downloads?: number }).downloads ?? 0;
    // The one whole-file GET of the first test (ranges are not downloads).
    await expect.poll(downloads, { timeout: 5000, interval: 50 }).toBe(1);
    for (let index = 0; index < 5; index++) await (await hub.request("/alice/dl/resolve/main/notes.txt")).arrayBuffer();
    await (await hub.request("/alice/dl/resolve/main/notes.txt", { headers: { Range: "bytes=0-1" } })).arrayBuffer();
    await hub.request("/alice/dl/resolve/main/notes.txt", { method: "HEAD" });
    await expect.poll(downloads, { timeout: 5000, interval: 100 }).toBe(6);
  });
});

describe("resolve with lfsRedirects (302 to a signed URL, as the Hub redirects to its CDN)", () => {
  let hub: Harness;
  let commit: string;
  beforeAll(async () => {
    hub = await startHarness({ lfsRedirects: true });
    commit = await seed(hub);
  });
  afterAll(async () => {
    await hub.close();
  });

  it("answers HEAD of an LFS file with 302, Location, X-Linked-Etag, X-Linked-Size and X-Repo-Commit", async () => {
    const response = await hub.request("/alice/dl/resolve/main/weights/large.bin", { method: "HEAD", redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("x-linked-etag")).toBe(`"${largeSha}"`);
    expect(response.headers.get("etag")).toBe(`"${largeSha}"`);
    expect(response.headers.get("x-linked-size")).toBe(String(large.byteLength));
    expect(response.headers.get("x-repo-commit")).toBe(commit);
    const location = new URL(response.headers.get("location")!);
    expect(location.origin).toBe(hub.url);
    expect(location.pathname).toBe(`/lfs-files/${largeSha}`);
    expect(location.searchParams.get("sig")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("serves the signed URL without Authorization, with Range; a tampered URL is refused", async () => {
    const redirect = await hub.request("/alice/dl/resolve/main/weights/large.bin", { redirect: "manual" });
    const location = redirect.headers.get("location")!;
    const head = await fetch(location, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(large.byteLength));
    expect(head.headers.get("content-disposition")).toContain('filename="large.bin"');
    const slice = await fetch(location, { headers: { Range: "bytes=10-19" } });
    expect(slice.status).toBe(206);
    expect(slice.headers.get("content-range")).toBe(`bytes 10-19/${large.byteLength}`);
    expect(Buffer.from(await slice.arrayBuffer()).equals(large.subarray(10, 20))).toBe(true);
    const tampered = new URL(location);
    tampered.searchParams.set("size", "5");
    expect((await fetch(tampered)).status).toBe(403);
  });

  it("is followed by fetch (range requests keep their Range), and regular files are still served directly", async () => {
    const followed = await hub.request("/alice/dl/resolve/main/weights/large.bin", { headers: { Range: "bytes=0-9" } });
    expect(followed.status).toBe(206);
    expect(followed.redirected).toBe(true);
    expect(Buffer.from(await followed.arrayBuffer()).equals(large.subarray(0, 10))).toBe(true);
    const regular = await hub.request("/alice/dl/resolve/main/notes.txt", { redirect: "manual" });
    expect(regular.status).toBe(200);
    expect(Buffer.from(await regular.arrayBuffer()).equals(small)).toBe(true);
    const raw = await hub.request("/alice/dl/raw/main/weights/large.bin", { redirect: "manual" });
    expect(raw.status).toBe(200);
    expect(await raw.text()).toContain(`oid sha256:${largeSha}`);
  });
});
