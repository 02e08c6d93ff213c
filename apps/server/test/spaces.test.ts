import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { file, header, startHarness, type Harness } from "./helpers.ts";

let hub: Harness;
beforeAll(async () => {
  hub = await startHarness({ spaceBuildDelayMs: 3000 });
});
afterAll(async () => {
  await hub.close();
});
afterEach(() => {
  vi.useRealTimers();
});

async function runtime(
  repo: string,
  token = hub.tokens.alice,
): Promise<{ stage: string; hardware: { current: string | null; requested: string | null } }> {
  const response = await hub.request(`/api/spaces/${repo}/runtime`, { token });
  expect(response.status).toBe(200);
  return response.json();
}

describe("simulated Space runtime", () => {
  it("builds for spaceBuildDelayMs after creation, a commit or a restart, computed from timestamps", async () => {
    // Only Date is faked: the server reads the clock at request time, nothing waits.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2030-01-01T00:00:00.000Z") });
    await hub.createRepo("alice/clocked", { type: "space", sdk: "gradio" });
    expect(await runtime("alice/clocked")).toMatchObject({ stage: "BUILDING", hardware: { current: null, requested: "cpu-basic" } });
    vi.setSystemTime(Date.parse("2030-01-01T00:00:02.999Z"));
    expect((await runtime("alice/clocked")).stage).toBe("BUILDING");
    vi.setSystemTime(Date.parse("2030-01-01T00:00:03.000Z"));
    expect(await runtime("alice/clocked")).toMatchObject({ stage: "RUNNING", hardware: { current: "cpu-basic" } });
    expect((await hub.commit("alice/clocked", [header("app"), file("app.py", "print(1)")], { type: "space" })).status).toBe(200);
    expect((await runtime("alice/clocked")).stage).toBe("BUILDING");
    vi.setSystemTime(Date.parse("2030-01-01T00:00:06.000Z"));
    expect((await runtime("alice/clocked")).stage).toBe("RUNNING");
    const restarted = await hub.request("/api/spaces/alice/clocked/restart", { method: "POST", token: hub.tokens.alice });
    expect((await restarted.json()).stage).toBe("BUILDING");
    vi.setSystemTime(Date.parse("2030-01-01T00:00:09.000Z"));
    expect((await runtime("alice/clocked")).stage).toBe("RUNNING");
  });

  it("answers secrets as keys with description and date only", async () => {
    await hub.createRepo("alice/secretive", { type: "space", sdk: "docker" });
    const added = await hub.request("/api/spaces/alice/secretive/secrets", {
      method: "POST",
      token: hub.tokens.alice,
      json: { key: "API_KEY", value: "hunter2", description: "d" },
    });
    expect(await added.json()).toEqual({});
    const listed = (await (await hub.request("/api/spaces/alice/secretive/secrets", { token: hub.tokens.alice })).json()) as Record<
      string,
      Record<string, string>
    >;
    expect(Object.keys(listed)).toEqual(["API_KEY"]);
    expect(Object.keys(listed.API_KEY ?? {}).sort()).toEqual(["description", "updatedAt"]);
    const removed = await hub.request("/api/spaces/alice/secretive/secrets", {
      method: "DELETE",
      token: hub.tokens.alice,
      json: { key: "API_KEY" },
    });
    expect(await removed.json()).toEqual({});
  });

  it("applies hardware, storage and sleep time given at creation", async () => {
    const created = await hub.request("/api/repos/create", {
      method: "POST",
      token: hub.tokens.alice,
      json: { name: "gpu-space", type: "space", sdk: "gradio", hardware: "t4-medium", storageTier: "small", sleepTimeSeconds: 600 },
    });
    expect(created.status).toBe(200);
    const response = await hub.request("/api/spaces/alice/gpu-space/runtime", { token: hub.tokens.alice });
    expect(await response.json()).toMatchObject({ hardware: { requested: "t4-medium" }, storage: "small", gcTimeout: 600 });
  });

  it("validates sleep times and refuses Space routes on models", async () => {
    await hub.createRepo("alice/sleeper", { type: "space", sdk: "gradio" });
    const bad = await hub.request("/api/spaces/alice/sleeper/sleeptime", { method: "POST", token: hub.tokens.alice, json: { seconds: 0 } });
    expect(bad.status).toBe(400);
    const good = await hub.request("/api/spaces/alice/sleeper/sleeptime", {
      method: "POST",
      token: hub.tokens.alice,
      json: { seconds: -1 },
    });
    expect((await good.json()).gcTimeout).toBe(-1);
    await hub.createRepo("alice/a-model");
    expect((await hub.request("/api/models/alice/a-model/runtime", { token: hub.tokens.alice })).status).toBe(404);
  });
});
