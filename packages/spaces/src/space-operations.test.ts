import { HubValidationError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { describe, expect, it } from "vitest";
import { addSpaceSecret } from "./add-space-secret.ts";
import { addSpaceVariable } from "./add-space-variable.ts";
import { deleteSpaceVariable } from "./delete-space-variable.ts";
import { duplicateSpace } from "./duplicate-space.ts";
import { getSpaceRuntime } from "./get-space-runtime.ts";
import { requestSpaceHardware } from "./request-space-hardware.ts";
import { restartSpace } from "./restart-space.ts";
import { setSpaceSleepTime } from "./set-space-sleep-time.ts";

const hubUrl = "https://hub.test";

/** A fetch that fails the test if it is ever called. */
const forbiddenFetch = (() => {
  throw new Error("no request may be sent");
}) as unknown as typeof fetch;

describe("space operations (unit)", () => {
  it("reads a runtime into typed fields and keeps the raw object", async () => {
    const fetch = mockFetch({
      "GET /api/spaces/alice/demo/runtime": () =>
        Response.json({
          stage: "RUNNING",
          hardware: { current: "cpu-basic", requested: "t4-small" },
          gcTimeout: 3600,
          storage: "small",
          extra: 1,
        }),
    });
    const runtime = await getSpaceRuntime({ repoId: "alice/demo", hubUrl, fetch });
    expect(runtime).toMatchObject({
      stage: "RUNNING",
      hardware: { current: "cpu-basic", requested: "t4-small" },
      sleepTime: 3600,
      storage: "small",
    });
    expect(runtime.raw.extra).toBe(1);
  });

  it("sends the hardware flavor and the sleep time", async () => {
    const fetch = mockFetch({
      "POST /api/spaces/alice/demo/hardware": () =>
        Response.json({ stage: "RUNNING", hardware: { current: null, requested: "t4-medium" } }),
    });
    await requestSpaceHardware({ repoId: "alice/demo", hardware: "t4-medium", sleepTime: 600, hubUrl, fetch });
    expect(await fetch.calls[0]?.request.json()).toEqual({ flavor: "t4-medium", sleepTimeSeconds: 600 });
  });

  it("sends factory=true for a factory reboot", async () => {
    const fetch = mockFetch({
      "POST /api/spaces/alice/demo/restart": () => Response.json({ stage: "BUILDING", hardware: { current: null, requested: null } }),
    });
    await restartSpace({ repoId: "alice/demo", factoryReboot: true, hubUrl, fetch });
    expect(new URL(fetch.calls[0]?.url ?? "").searchParams.get("factory")).toBe("true");
  });

  it("converts variables with their descriptions and dates", async () => {
    const fetch = mockFetch({
      "POST /api/spaces/alice/demo/variables": () =>
        Response.json({ A: { value: "1", description: "d", updatedAt: "2025-03-07T12:24:19.875Z" } }),
      "DELETE /api/spaces/alice/demo/variables": () => Response.json({}),
    });
    const variables = await addSpaceVariable({ repoId: "alice/demo", key: "A", value: "1", description: "d", hubUrl, fetch });
    expect(variables.A).toEqual({ key: "A", value: "1", description: "d", updatedAt: new Date("2025-03-07T12:24:19.875Z") });
    expect(await deleteSpaceVariable({ repoId: "alice/demo", key: "A", hubUrl, fetch })).toEqual({});
    expect(await fetch.calls[1]?.request.json()).toEqual({ key: "A" });
  });

  it("duplicates into the caller's namespace when toId has none", async () => {
    const fetch = mockFetch({
      "GET /api/whoami-v2": () => Response.json({ name: "bob", type: "user" }),
      "POST /api/spaces/alice/demo/duplicate": () => Response.json({ url: `${hubUrl}/spaces/bob/copy` }),
    });
    const result = await duplicateSpace({
      fromId: "alice/demo",
      toId: "copy",
      storage: "small",
      sleepTime: -1,
      hubUrl,
      fetch,
      accessToken: "hf_x",
    });
    expect(result).toEqual({ url: `${hubUrl}/spaces/bob/copy`, repoId: "bob/copy", repoType: "space" });
    expect(await fetch.calls[1]?.request.json()).toEqual({ repository: "bob/copy", storageTier: "small", sleepTimeSeconds: -1 });
  });

  it("swallows 409 with existOk", async () => {
    const fetch = mockFetch({ "POST /api/spaces/alice/demo/duplicate": () => Response.json({ error: "exists" }, { status: 409 }) });
    const result = await duplicateSpace({ fromId: "alice/demo", toId: "bob/demo", existOk: true, hubUrl, fetch });
    expect(result.url).toBe(`${hubUrl}/spaces/bob/demo`);
    await expect(duplicateSpace({ fromId: "alice/demo", toId: "bob/demo", hubUrl, fetch })).rejects.toMatchObject({ status: 409 });
  });

  it.each([
    ["a key starting with a digit", () => addSpaceSecret({ repoId: "alice/demo", key: "1KEY", value: "x", fetch: forbiddenFetch })],
    ["a key with a dash", () => addSpaceVariable({ repoId: "alice/demo", key: "MY-KEY", value: "x", fetch: forbiddenFetch })],
    ["an empty key", () => addSpaceSecret({ repoId: "alice/demo", key: "", value: "x", fetch: forbiddenFetch })],
    ["a bad repo id", () => getSpaceRuntime({ repoId: "alice/../demo", fetch: forbiddenFetch })],
    ["a zero sleep time", () => setSpaceSleepTime({ repoId: "alice/demo", sleepTime: 0, fetch: forbiddenFetch })],
    ["an empty hardware", () => requestSpaceHardware({ repoId: "alice/demo", hardware: "", fetch: forbiddenFetch })],
    [
      "a bad secret key in duplicate",
      () => duplicateSpace({ fromId: "alice/demo", toId: "bob/x", secrets: [{ key: "9", value: "v" }], fetch: forbiddenFetch }),
    ],
  ])("rejects %s before any request", async (_name, call) => {
    await expect(call()).rejects.toBeInstanceOf(HubValidationError);
  });
});
