import { STANDARD_SEED, startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { duplicateSpace } from "../src/index.ts";
import { createSpace, request } from "./helpers.ts";

// Issue #17 item 3: duplicateSpace sends the current `visibility` field, and only when asked.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    seed: {
      ...STANDARD_SEED,
      orgs: [
        ...(STANDARD_SEED.orgs ?? []),
        { name: "vault", fullname: "Vault", members: [{ user: "alice", role: "admin" }], defaultVisibility: "private" },
      ],
    },
  });
  await createSpace(server, "alice/public-app", { token: server.tokens.alice });
});
afterAll(async () => {
  await server?.close();
});

async function isPrivate(repoId: string): Promise<boolean> {
  return ((await (await request(server, `/api/spaces/${repoId}`, { token: server.tokens.alice })).json()) as { private: boolean }).private;
}

describe("duplicateSpace visibility", () => {
  it("sends nothing unless asked, so the target organization's default applies; visibility and private when given", async () => {
    const bodies: unknown[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const outgoing = new Request(input, init);
      if (outgoing.url.endsWith("/duplicate")) bodies.push(await outgoing.clone().json());
      return globalThis.fetch(outgoing);
    }) as typeof globalThis.fetch;
    const options = { hubUrl: server.url, accessToken: server.tokens.alice, fetch, fromId: "alice/public-app" };
    await duplicateSpace({ ...options, toId: "vault/by-default" });
    expect(bodies[0]).toEqual({ repository: "vault/by-default" });
    expect(await isPrivate("vault/by-default")).toBe(true);
    await duplicateSpace({ ...options, toId: "vault/shown", visibility: "public" });
    expect(await isPrivate("vault/shown")).toBe(false);
    await duplicateSpace({ ...options, toId: "alice/hidden-copy", private: true });
    expect(bodies[2]).toEqual({ repository: "alice/hidden-copy", visibility: "private" });
    expect(await isPrivate("alice/hidden-copy")).toBe(true);
    await expect(duplicateSpace({ ...options, toId: "alice/both", private: true, visibility: "public" })).rejects.toThrow(
      "Invalid visibility: cannot be combined with private",
    );
  });
});
