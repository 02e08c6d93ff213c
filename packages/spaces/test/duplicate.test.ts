import { CommitConflictError, HubHttpError, RepositoryNotFoundError } from "@hub/core";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addSpaceSecret,
  addSpaceVariable,
  duplicateSpace,
  getSpaceRuntime,
  getSpaceSecrets,
  getSpaceVariables,
  requestSpaceHardware,
  restartSpace,
  setSpaceSleepTime,
} from "../src/index.ts";
import { commitFiles, createSpace, request } from "./helpers.ts";

let server: TestServer;
let source: string;
beforeAll(async () => {
  server = await startTestServer();
  source = await createSpace(server, "alice/original", { token: server.tokens.alice });
  await commitFiles(server, source, { "app.py": "import gradio", "requirements.txt": "gradio\n" }, server.tokens.alice);
  const options = { repoId: source, hubUrl: server.url, accessToken: server.tokens.alice };
  await addSpaceVariable({ ...options, key: "MODE", value: "fast", description: "speed" });
  await addSpaceSecret({ ...options, key: "TOKEN", value: "source-secret" });
  await requestSpaceHardware({ ...options, hardware: "t4-small" });
  await restartSpace(options);
  await setSpaceSleepTime({ ...options, sleepTime: 600 });
});
afterAll(async () => {
  await server?.close();
});

async function siblings(repoId: string, token: string): Promise<{ sha: string; files: string[]; private: boolean }> {
  const info = (await (await request(server, `/api/spaces/${repoId}`, { token })).json()) as {
    sha: string;
    private: boolean;
    siblings: Array<{ rfilename: string }>;
  };
  return { sha: info.sha, private: info.private, files: info.siblings.map((sibling) => sibling.rfilename).sort() };
}

describe("duplicateSpace", () => {
  it("copies files, settings and variables; secrets only when given", async () => {
    const result = await duplicateSpace({
      fromId: source,
      toId: "bob/copy",
      private: true,
      storage: "small",
      variables: [{ key: "EXTRA", value: "1" }],
      secrets: [{ key: "API_KEY", value: "given", description: "mine" }],
      hubUrl: server.url,
      accessToken: server.tokens.bob,
    });
    expect(result).toEqual({ url: `${server.url}/spaces/bob/copy`, repoId: "bob/copy", repoType: "space" });
    const original = await siblings(source, server.tokens.alice);
    const copy = await siblings("bob/copy", server.tokens.bob);
    expect(copy.files).toEqual(original.files);
    expect(copy.files).toContain("app.py");
    expect(copy.sha).not.toBe(original.sha);
    expect(copy.private).toBe(true);
    const options = { repoId: "bob/copy", hubUrl: server.url, accessToken: server.tokens.bob };
    expect(await getSpaceRuntime(options)).toMatchObject({
      stage: "RUNNING",
      hardware: { current: "t4-small" },
      sleepTime: 600,
      storage: "small",
    });
    const variables = await getSpaceVariables(options);
    expect(Object.fromEntries(Object.values(variables).map((variable) => [variable.key, [variable.value, variable.description]]))).toEqual({
      MODE: ["fast", "speed"],
      EXTRA: ["1", undefined],
    });
    expect(Object.keys(await getSpaceSecrets(options))).toEqual(["API_KEY"]);
    await expect(getSpaceRuntime({ repoId: "bob/copy", hubUrl: server.url, accessToken: server.tokens.carol })).rejects.toBeInstanceOf(
      RepositoryNotFoundError,
    );
  });

  it("overrides hardware and sleep time, and defaults to the caller's namespace", async () => {
    const result = await duplicateSpace({
      fromId: source,
      hardware: "cpu-upgrade",
      sleepTime: -1,
      hubUrl: server.url,
      accessToken: server.tokens.carol,
    });
    expect(result.repoId).toBe("carol/original");
    const runtime = await getSpaceRuntime({ repoId: "carol/original", hubUrl: server.url });
    expect(runtime).toMatchObject({ hardware: { current: "cpu-upgrade" }, sleepTime: -1 });
    expect((await duplicateSpace({ fromId: source, toId: "renamed", hubUrl: server.url, accessToken: server.tokens.carol })).repoId).toBe(
      "carol/renamed",
    );
  });

  it("fails with 409 when the target exists, unless existOk", async () => {
    await createSpace(server, "bob/taken", { token: server.tokens.bob });
    const params = { fromId: source, toId: "bob/taken", hubUrl: server.url, accessToken: server.tokens.bob };
    const error = await duplicateSpace(params).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as HubHttpError).status).toBe(409);
    expect(await duplicateSpace({ ...params, existOk: true })).toEqual({
      url: `${server.url}/spaces/bob/taken`,
      repoId: "bob/taken",
      repoType: "space",
    });
  });

  it("refuses a target namespace the caller cannot write and a hidden source", async () => {
    const error = await duplicateSpace({ fromId: source, toId: "alice/stolen", hubUrl: server.url, accessToken: server.tokens.bob }).catch(
      (caught: unknown) => caught,
    );
    expect((error as HubHttpError).status).toBe(403);
    const hidden = await createSpace(server, "alice/hidden", { token: server.tokens.alice, private: true });
    await expect(
      duplicateSpace({ fromId: hidden, toId: "carol/hidden", hubUrl: server.url, accessToken: server.tokens.carol }),
    ).rejects.toBeInstanceOf(RepositoryNotFoundError);
  });
});
