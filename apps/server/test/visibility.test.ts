import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STANDARD_SEED } from "../src/testing.ts";
import { startHarness, type Harness } from "./helpers.ts";

let hub: Harness;
beforeAll(async () => {
  hub = await startHarness({
    seed: {
      ...STANDARD_SEED,
      orgs: [...(STANDARD_SEED.orgs ?? []), { name: "vault", members: [{ user: "alice", role: "admin" }], defaultVisibility: "private" }],
    },
  });
});
afterAll(async () => {
  await hub.close();
});

const create = (json: Record<string, unknown>) => hub.request("/api/repos/create", { method: "POST", token: hub.tokens.alice, json });
const isPrivate = async (id: string, type = "models") =>
  (await (await hub.request(`/api/${type}/${id}`, { token: hub.tokens.alice })).json()).private;

describe("organization default visibility", () => {
  it("makes repos created without private / visibility private; an explicit choice wins", async () => {
    expect((await create({ name: "implicit", organization: "vault" })).status).toBe(200);
    expect(await isPrivate("vault/implicit")).toBe(true);
    expect((await hub.request("/api/models/vault/implicit")).status).toBe(401);
    await create({ name: "explicit-public", organization: "vault", visibility: "public" });
    expect(await isPrivate("vault/explicit-public")).toBe(false);
    await create({ name: "private-false", organization: "vault", private: false });
    expect(await isPrivate("vault/private-false")).toBe(false);
    // Other namespaces stay public by default.
    await create({ name: "open", organization: "acme" });
    expect(await isPrivate("acme/open")).toBe(false);
    expect((await create({ name: "bad", organization: "acme", private: "yes" })).status).toBe(400);
    expect((await create({ name: "bad", organization: "acme", visibility: "secret" })).status).toBe(400);
  });

  it("accepts private and visibility on settings", async () => {
    const settings = (json: unknown) => hub.request("/api/models/acme/open/settings", { method: "PUT", token: hub.tokens.alice, json });
    expect((await (await settings({ visibility: "private" })).json()).visibility).toBe("private");
    expect(await isPrivate("acme/open")).toBe(true);
    expect((await (await settings({ private: false })).json()).visibility).toBe("public");
    expect((await (await settings({ visibility: "protected" })).json()).private).toBe(true);
  });

  it("applies to duplicated Spaces unless the request says otherwise", async () => {
    await create({ name: "app", organization: "acme", type: "space", sdk: "static", visibility: "public" });
    const duplicate = (json: Record<string, unknown>) =>
      hub.request("/api/spaces/acme/app/duplicate", { method: "POST", token: hub.tokens.alice, json });
    expect((await duplicate({ repository: "vault/app-copy" })).status).toBe(200);
    expect(await isPrivate("vault/app-copy", "spaces")).toBe(true);
    expect((await duplicate({ repository: "vault/app-public", visibility: "public" })).status).toBe(200);
    expect(await isPrivate("vault/app-public", "spaces")).toBe(false);
    expect((await duplicate({ repository: "alice/app-mine", private: false })).status).toBe(200);
    expect(await isPrivate("alice/app-mine", "spaces")).toBe(false);
  });
});
