import type { TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadFile } from "../src/index.ts";
import { type AliceOptions, createTestRepo, headOf, remoteText, startAliceServer } from "./helpers.ts";

let hub: TestServer;
let alice: AliceOptions;

beforeAll(async () => {
  ({ hub, alice } = await startAliceServer());
});
afterAll(async () => {
  await hub.close();
});

/** Forwards to the server, but breaks the first commit request: before sending it, or after the server answered it. */
function breakingFirstCommit(when: "before" | "after"): typeof fetch & { commits: number } {
  const state = { commits: 0 };
  const wrapped = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const isCommit = request.method === "POST" && new URL(request.url).pathname.includes("/commit/");
    if (isCommit) state.commits++;
    if (isCommit && state.commits === 1 && when === "before")
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
    const response = await fetch(request);
    if (isCommit && state.commits === 1) {
      await response.arrayBuffer();
      // The commit landed, its answer is lost on the way back.
      return new Response(new ReadableStream({ start: (controller) => controller.error(new TypeError("terminated")) }), {
        status: 200,
        headers: response.headers,
      });
    }
    return response;
  }) as typeof fetch;
  return Object.defineProperty(wrapped, "commits", { get: () => state.commits }) as typeof fetch & { commits: number };
}

async function titles(repoId: string): Promise<string[]> {
  const commits = (await (await fetch(`${hub.url}/api/models/${repoId}/commits/main`)).json()) as { title: string }[];
  return commits.map((commit) => commit.title);
}

describe("a commit request that gets no usable answer", () => {
  it("is found landed when its answer was lost: one commit, its id returned", async () => {
    await createTestRepo(hub, "lost-answer");
    const fetch = breakingFirstCommit("after");
    const info = await uploadFile({
      ...alice,
      fetch,
      retry: { baseDelay: 1 },
      repoId: "alice/lost-answer",
      pathInRepo: "a.txt",
      file: new Blob(["hello"]),
      commitMessage: "Add a",
    });
    expect(fetch.commits).toBe(1);
    expect(info.commit.oid).toBe(await headOf(hub, "models/alice/lost-answer"));
    expect((await titles("alice/lost-answer")).filter((title) => title === "Add a")).toHaveLength(1);
    expect(await remoteText(hub, "alice/lost-answer", "main", "a.txt")).toBe("hello");
  });

  it("is sent again, once, when it never reached the server", async () => {
    await createTestRepo(hub, "never-sent");
    const fetch = breakingFirstCommit("before");
    const info = await uploadFile({
      ...alice,
      fetch,
      retry: { baseDelay: 1 },
      repoId: "alice/never-sent",
      pathInRepo: "b.txt",
      file: new Blob(["world"]),
      commitMessage: "Add b",
    });
    expect(fetch.commits).toBe(2);
    expect(info.commit.oid).toBe(await headOf(hub, "models/alice/never-sent"));
    expect((await titles("alice/never-sent")).filter((title) => title === "Add b")).toHaveLength(1);
  });
});
