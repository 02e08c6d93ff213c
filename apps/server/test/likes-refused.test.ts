import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOKEN_LIKE_MESSAGE } from "../src/routes/likes.ts";
import { startHarness, type Harness } from "./helpers.ts";

let hub: Harness;
beforeAll(async () => {
  hub = await startHarness({ refuseTokenLikes: true });
  await hub.createRepo("alice/liked");
});
afterAll(async () => {
  await hub.close();
});

describe("refuseTokenLikes", () => {
  it("answers 403 to a like made with a token and leaves the count alone; unlike still works", async () => {
    const like = await hub.request("/api/models/alice/liked/like", { method: "POST", token: hub.tokens.bob });
    expect(like.status).toBe(403);
    expect(like.headers.get("x-error-message")).toBe(TOKEN_LIKE_MESSAGE);
    expect((await (await hub.request("/api/models/alice/liked")).json()).likes).toBe(0);
    expect((await hub.request("/api/models/alice/liked/like", { method: "DELETE", token: hub.tokens.bob })).status).toBe(200);
    // Anonymous callers still get 401 first.
    expect((await hub.request("/api/models/alice/liked/like", { method: "POST" })).status).toBe(401);
  });
});
