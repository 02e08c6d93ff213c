import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { file, header, startHarness, type Harness } from "./helpers.ts";

let hub: Harness;
beforeAll(async () => {
  hub = await startHarness({ maxSiblings: 5 });
  await hub.createRepo("alice/many");
  const files = Array.from({ length: 8 }, (_, index) => file(`f${index}.txt`, `file ${index}`));
  expect((await hub.commit("alice/many", [header("add"), ...files])).status).toBe(200);
  await hub.createRepo("alice/few");
});
afterAll(async () => {
  await hub.close();
});

describe("siblings above maxSiblings", () => {
  it("are truncated in repo info, while the tree lists every file", async () => {
    const info = await (await hub.request("/api/models/alice/many")).json();
    expect(info.siblings).toHaveLength(5);
    expect(info.siblings[0]).toEqual({ rfilename: ".gitattributes" });
    const tree = await (await hub.request("/api/models/alice/many/tree/main?recursive=1")).json();
    expect(tree).toHaveLength(9);
    expect((await (await hub.request("/api/models/alice/few")).json()).siblings).toEqual([{ rfilename: ".gitattributes" }]);
  });

  it("can be omitted instead", async () => {
    const omitting = await startHarness({ maxSiblings: 0, siblingsOverflow: "omit" });
    try {
      await omitting.createRepo("alice/x");
      const info = await (await omitting.request("/api/models/alice/x")).json();
      expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(info).not.toHaveProperty("siblings");
    } finally {
      await omitting.close();
    }
  });
});
