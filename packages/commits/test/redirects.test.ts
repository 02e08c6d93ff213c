import type { TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommit } from "../src/index.ts";
import { type AliceOptions, createTestRepo, remoteText, startAliceServer } from "./helpers.ts";

let hub: TestServer;
let alice: AliceOptions;

beforeAll(async () => {
  // The server answers a moved repo's old id, or an id in another case, with a 307 on every endpoint, as the Hub does.
  ({ hub, alice } = await startAliceServer());
});
afterAll(async () => {
  await hub.close();
});

async function moveRepo(from: string, to: string): Promise<void> {
  const response = await fetch(`${hub.url}/api/repos/move`, {
    method: "POST",
    headers: { authorization: `Bearer ${hub.tokens.alice}`, "content-type": "application/json" },
    body: JSON.stringify({ fromRepo: from, toRepo: to, type: "model" }),
  });
  if (!response.ok) throw new Error(`move: ${response.status} ${await response.text()}`);
}

describe("commits through the Hub's 307 redirects", () => {
  it("land in a renamed repo when sent to its old id (the streamed body is built again)", async () => {
    await createTestRepo(hub, "old-name");
    await moveRepo("alice/old-name", "alice/new-name");
    // Records each request and passes it on as it is (bodies that fetch can replay stay replayable).
    const sent: { method: string; url: string }[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      sent.push({ method: request.method, url: request.url });
      return globalThis.fetch(input, init);
    };
    const commit = await createCommit({
      ...alice,
      fetch,
      repoId: "alice/old-name",
      commitMessage: "Through the redirect",
      operations: [
        { operation: "add", pathInRepo: "notes.txt", content: new TextEncoder().encode("renamed") },
        { operation: "add", pathInRepo: "weights.bin", content: new Uint8Array([0, 1, 2, 3]) },
      ],
    });
    expect(commit.oid).toMatch(/^[0-9a-f]{40}$/);
    expect(await remoteText(hub, "alice/new-name", "main", "notes.txt")).toBe("renamed");
    const commitPosts = sent.filter((request) => request.method === "POST" && request.url.includes("/commit/"));
    expect(commitPosts.map((request) => new URL(request.url).pathname)).toEqual([
      "/api/models/alice/old-name/commit/main",
      "/api/models/alice/new-name/commit/main",
    ]);
  });

  it("land when the id is written in another case", async () => {
    await createTestRepo(hub, "CasedName");
    const commit = await createCommit({
      ...alice,
      repoId: "alice/casedname",
      commitMessage: "Case",
      operations: [{ operation: "add", pathInRepo: "a.txt", content: new Blob(["case"]) }],
    });
    expect(commit.oid).toMatch(/^[0-9a-f]{40}$/);
    expect(await remoteText(hub, "alice/CasedName", "main", "a.txt")).toBe("case");
  });
});
