import { CommitConflictError, HubHttpError, HubOfflineError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { STANDARD_SEED, startTestServer, type TestServer } from "@hub/server/testing";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createRepo, fileExists, getFileMetadata, listLikedRepos, repoInfo, updateRepoVisibility } from "../src/index.ts";
import { putFiles } from "./helpers.ts";

// Issue #17: the SDK against the server's models of huggingface.co behaviours.

let hub: TestServer;
let alice: { accessToken: string; hubUrl: string };
let bob: { accessToken: string; hubUrl: string };
beforeAll(async () => {
  hub = await startTestServer({
    lfsRedirects: true,
    seed: {
      ...STANDARD_SEED,
      orgs: [
        ...(STANDARD_SEED.orgs ?? []),
        { name: "vault", fullname: "Vault", members: [{ user: "alice", role: "admin" }], defaultVisibility: "private" },
      ],
    },
  });
  alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
  bob = { accessToken: hub.tokens.bob, hubUrl: hub.url };
});
afterAll(async () => {
  await hub.close();
});

/** A fetch that records the method, path and JSON body of each request. */
function recorder() {
  const requests: { method: string; path: string; body: unknown }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const text = request.body ? await request.clone().text() : "";
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    requests.push({ method: request.method, path: new URL(request.url).pathname, body });
    return globalThis.fetch(request);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

describe("visibility (item 3)", () => {
  it("createRepo sends no visibility unless asked, so an organization's private default applies", async () => {
    const { fetch, requests } = recorder();
    await createRepo({ ...alice, fetch, repoId: "vault/implicit" });
    expect(requests[0]?.body).toEqual({ name: "implicit", organization: "vault" });
    expect((await repoInfo({ ...alice, repoId: "vault/implicit" })).private).toBe(true);
    await createRepo({ ...alice, fetch, repoId: "vault/public-one", private: false });
    expect(requests[1]?.body).toMatchObject({ visibility: "public" });
    expect((await repoInfo({ ...alice, repoId: "vault/public-one" })).private).toBe(false);
    await createRepo({ ...alice, repoId: "vault/shown", visibility: "public" });
    expect((await repoInfo({ ...alice, repoId: "vault/shown" })).private).toBe(false);
  });

  it("updateRepoVisibility sends the current visibility field", async () => {
    const { fetch, requests } = recorder();
    await createRepo({ ...alice, repoId: "alice/flip", private: false });
    expect(await updateRepoVisibility({ ...alice, fetch, repoId: "alice/flip", private: true })).toMatchObject({ private: true });
    expect(requests.at(-1)).toMatchObject({ method: "PUT", path: "/api/models/alice/flip/settings", body: { visibility: "private" } });
    expect(await updateRepoVisibility({ ...alice, repoId: "alice/flip", visibility: "public" })).toMatchObject({ private: false });
    await expect(updateRepoVisibility({ ...alice, repoId: "alice/flip", visibility: "protected" })).rejects.toThrow(
      'Invalid visibility: can be "protected" for Spaces only',
    );
  });
});

describe("existOk (item 4)", () => {
  it("accepts a 403 on create when the repository exists and the caller can see it", async () => {
    await createRepo({ ...alice, repoId: "alice/shared" });
    const url = await createRepo({ ...bob, repoId: "alice/shared", existOk: true });
    expect(url).toMatchObject({ repoId: "alice/shared", repoType: "model" });
  });

  it("still throws the 403 when the repository does not exist or is hidden", async () => {
    const missing = await createRepo({ ...bob, repoId: "alice/not-there", existOk: true }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(HubHttpError);
    expect((missing as HubHttpError).status).toBe(403);
    await createRepo({ ...alice, repoId: "alice/secret", private: true });
    expect(
      ((await createRepo({ ...bob, repoId: "alice/secret", existOk: true }).catch((error: unknown) => error)) as HubHttpError).status,
    ).toBe(403);
  });

  it("retries the Hub's 409 'another conflicting operation is in progress' (unit)", async () => {
    let calls = 0;
    const fetch = mockFetch({
      "POST /api/repos/create": () =>
        ++calls < 3
          ? Response.json({ error: "Cannot create repo: another conflicting operation is in progress" }, { status: 409 })
          : Response.json({ url: "https://hub.test/alice/x", name: "alice/x" }),
    });
    expect(await createRepo({ hubUrl: "https://hub.test", accessToken: "hf_x", fetch, repoId: "alice/x" })).toMatchObject({
      repoId: "alice/x",
    });
    expect(calls).toBe(3);
    const exists = mockFetch({
      "POST /api/repos/create": () => Response.json({ error: "You already created this model repo" }, { status: 409 }),
    });
    await expect(createRepo({ hubUrl: "https://hub.test", accessToken: "hf_x", fetch: exists, repoId: "alice/x" })).rejects.toBeInstanceOf(
      CommitConflictError,
    );
    expect(exists.calls).toHaveLength(1);
  });
});

describe("environment on Node (item 6)", () => {
  afterEach(() => vi.unstubAllEnvs());

  function isolate(): string {
    const home = mkdtempSync(join(tmpdir(), "hub-repos-env-"));
    for (const name of ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH", "HF_HUB_OFFLINE", "HF_HUB_DISABLE_IMPLICIT_TOKEN"])
      vi.stubEnv(name, "");
    vi.stubEnv("HF_HOME", home);
    vi.stubEnv("HF_ENDPOINT", hub.url);
    return home;
  }

  it("standalone functions use HF_ENDPOINT and HF_TOKEN", async () => {
    isolate();
    await createRepo({ ...alice, repoId: "alice/env-private", private: true });
    vi.stubEnv("HF_TOKEN", hub.tokens.alice);
    expect((await repoInfo({ repoId: "alice/env-private" })).id).toBe("alice/env-private");
  });

  it("then the token file under HF_HOME (written with ~ and $VAR in HF_HOME)", async () => {
    const home = isolate();
    writeFileSync(join(home, "token"), `${hub.tokens.alice}\n`);
    vi.stubEnv("HOME", join(home, ".."));
    vi.stubEnv("HUB_TEST_HOME_NAME", home.slice(home.lastIndexOf("/") + 1));
    vi.stubEnv("HF_HOME", "~/$HUB_TEST_HOME_NAME");
    expect((await repoInfo({ repoId: "alice/env-private" })).private).toBe(true);
  });

  it("sends nothing with HF_HUB_OFFLINE", async () => {
    isolate();
    vi.stubEnv("HF_HUB_OFFLINE", "1");
    await expect(repoInfo({ repoId: "alice/env-private" })).rejects.toBeInstanceOf(HubOfflineError);
  });
});

describe("file metadata (item 8)", () => {
  beforeAll(async () => {
    await createRepo({ ...alice, repoId: "alice/lfs-meta" });
    await putFiles(hub, "alice/lfs-meta", { "weights.bin": new Uint8Array(4096).fill(7), "small.txt": "hello" });
  });

  it("takes the size of a redirected LFS file from X-Linked-Size, not the redirect's Content-Length", async () => {
    const metadata = await getFileMetadata({ ...alice, repoId: "alice/lfs-meta", path: "weights.bin" });
    expect(metadata).toMatchObject({ size: 4096, redirected: true });
    expect((await getFileMetadata({ ...alice, repoId: "alice/lfs-meta", path: "small.txt" })).size).toBe(5);
  });

  it("fileExists does not follow the redirect to the file's storage URL", async () => {
    const { fetch, requests } = recorder();
    expect(await fileExists({ ...alice, fetch, repoId: "alice/lfs-meta", path: "weights.bin" })).toBe(true);
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(["HEAD /alice/lfs-meta/resolve/main/weights.bin"]);
    expect(await fileExists({ ...alice, fetch, repoId: "alice/lfs-meta", path: "nope.bin" })).toBe(false);
  });

  it("an unknown size is an error, not 0 (unit)", async () => {
    const headers = {
      "x-repo-commit": "a".repeat(40),
      "x-linked-etag": `"${"b".repeat(64)}"`,
      location: "https://cdn.test/blob",
      "content-length": "0",
    };
    const fetch = mockFetch({ "HEAD /alice/x/resolve/main/a.bin": () => new Response(null, { status: 302, headers }) });
    await expect(getFileMetadata({ hubUrl: "https://hub.test", fetch, repoId: "alice/x", path: "a.bin" })).rejects.toThrow(
      /no usable size \(X-Linked-Size on a redirect\)/,
    );
  });
});

describe("one whoami per token (item 11)", () => {
  it("helpers that need the current user share one whoami-v2", async () => {
    const { fetch, requests } = recorder();
    // A token not used by other tests of this file, so its answer is not cached yet.
    const carol = { accessToken: hub.tokens.carol, hubUrl: hub.url, fetch };
    await createRepo({ ...carol, repoId: "one-whoami" });
    await createRepo({ ...carol, repoId: "one-whoami", existOk: true });
    await updateRepoVisibility({ ...carol, repoId: "one-whoami", private: true });
    await listLikedRepos(carol);
    expect(requests.filter((request) => request.path === "/api/whoami-v2")).toHaveLength(1);
  });
});
