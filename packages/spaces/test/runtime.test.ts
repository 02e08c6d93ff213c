import { RepositoryNotFoundError, HubHttpError } from "@hub/core";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSpaceRuntime, pauseSpace, requestSpaceHardware, restartSpace, setSpaceSleepTime } from "../src/index.ts";
import { commitFiles, createSpace, request } from "./helpers.ts";

let server: TestServer;
let slowServer: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  // A build that lasts a minute: the Space stays BUILDING for the whole test.
  slowServer = await startTestServer({ spaceBuildDelayMs: 60_000 });
});
afterAll(async () => {
  await server?.close();
  await slowServer?.close();
});

describe("getSpaceRuntime", () => {
  it("reports a running Space on cpu-basic when builds are instant", async () => {
    const repoId = await createSpace(server, "alice/running", { token: server.tokens.alice });
    const runtime = await getSpaceRuntime({ repoId, hubUrl: server.url, accessToken: server.tokens.alice });
    expect(runtime).toMatchObject({
      stage: "RUNNING",
      hardware: { current: "cpu-basic", requested: "cpu-basic" },
      sleepTime: 172800,
      storage: null,
    });
    expect(runtime.raw.stage).toBe("RUNNING");
  });

  it("reports BUILDING without hardware during the build that a commit or a restart starts", async () => {
    const repoId = await createSpace(slowServer, "alice/building", { token: slowServer.tokens.alice });
    await commitFiles(slowServer, repoId, { "app.py": "print('hi')" }, slowServer.tokens.alice);
    const options = { repoId, hubUrl: slowServer.url, accessToken: slowServer.tokens.alice };
    expect(await getSpaceRuntime(options)).toMatchObject({ stage: "BUILDING", hardware: { current: null, requested: "cpu-basic" } });
    expect((await restartSpace(options)).stage).toBe("BUILDING");
  });

  it("runs a static Space without hardware", async () => {
    const repoId = await createSpace(slowServer, "alice/static-site", { token: slowServer.tokens.alice, sdk: "static" });
    const runtime = await getSpaceRuntime({ repoId, hubUrl: slowServer.url });
    expect(runtime).toMatchObject({ stage: "RUNNING", hardware: { current: null, requested: null } });
  });

  it("shows the runtime in the Space info too", async () => {
    const repoId = await createSpace(server, "alice/info-runtime", { token: server.tokens.alice });
    await pauseSpace({ repoId, hubUrl: server.url, accessToken: server.tokens.alice });
    const info = (await (await request(server, `/api/spaces/${repoId}`)).json()) as { runtime: { stage: string } };
    expect(info.runtime.stage).toBe("PAUSED");
  });

  it("hides private Spaces: 401 anonymous, 404 to others, visible to org members", async () => {
    const repoId = await createSpace(server, "acme/secret-space", { token: server.tokens.alice, private: true });
    await expect(getSpaceRuntime({ repoId, hubUrl: server.url })).rejects.toMatchObject({ name: "RepositoryNotFoundError", status: 401 });
    const error = await getSpaceRuntime({ repoId, hubUrl: server.url, accessToken: server.tokens.carol }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RepositoryNotFoundError);
    expect((error as RepositoryNotFoundError).status).toBe(404);
    expect((await getSpaceRuntime({ repoId, hubUrl: server.url, accessToken: server.tokens.bob })).stage).toBe("RUNNING");
  });
});

describe("hardware, pause, restart, sleep time", () => {
  it("shows requested hardware as requested until a restart applies it", async () => {
    const repoId = await createSpace(server, "alice/upgrade", { token: server.tokens.alice });
    const options = { repoId, hubUrl: server.url, accessToken: server.tokens.alice };
    const requested = await requestSpaceHardware({ ...options, hardware: "t4-medium" });
    expect(requested.hardware).toEqual({ current: "cpu-basic", requested: "t4-medium" });
    expect((await getSpaceRuntime(options)).hardware).toEqual({ current: "cpu-basic", requested: "t4-medium" });
    const restarted = await restartSpace({ ...options, factoryReboot: true });
    expect(restarted).toMatchObject({ stage: "RUNNING", hardware: { current: "t4-medium", requested: "t4-medium" } });
  });

  it("keeps a paused Space paused across commits; only a restart resumes it", async () => {
    const repoId = await createSpace(server, "alice/pausable", { token: server.tokens.alice });
    const options = { repoId, hubUrl: server.url, accessToken: server.tokens.alice };
    expect((await pauseSpace(options)).stage).toBe("PAUSED");
    await commitFiles(server, repoId, { "app.py": "print(1)" }, server.tokens.alice);
    expect(await getSpaceRuntime(options)).toMatchObject({ stage: "PAUSED", hardware: { current: null } });
    expect((await restartSpace(options)).stage).toBe("RUNNING");
  });

  it("sets the sleep time", async () => {
    const repoId = await createSpace(server, "alice/sleepy", { token: server.tokens.alice });
    const options = { repoId, hubUrl: server.url, accessToken: server.tokens.alice };
    expect((await setSpaceSleepTime({ ...options, sleepTime: 3600 })).sleepTime).toBe(3600);
    expect((await getSpaceRuntime(options)).sleepTime).toBe(3600);
    expect((await requestSpaceHardware({ ...options, hardware: "a10g-small", sleepTime: -1 })).sleepTime).toBe(-1);
  });

  it("refuses writes from non-members with 403 and from read tokens", async () => {
    const repoId = await createSpace(server, "alice/guarded", { token: server.tokens.alice });
    for (const accessToken of [server.tokens.carol, server.tokens.aliceRead]) {
      const error = await pauseSpace({ repoId, hubUrl: server.url, accessToken }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HubHttpError);
      expect((error as HubHttpError).status).toBe(403);
    }
    expect((await getSpaceRuntime({ repoId, hubUrl: server.url })).stage).toBe("RUNNING");
  });
});
