import { HubHttpError } from "@hub/core";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addSpaceSecret,
  addSpaceVariable,
  deleteSpaceSecret,
  deleteSpaceVariable,
  getSpaceRuntime,
  getSpaceSecrets,
  getSpaceVariables,
} from "../src/index.ts";
import { createSpace, request } from "./helpers.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const SECRET_VALUE = "s3cr3t-value-that-must-never-come-back";

describe("secrets", () => {
  it("stores secrets but never returns their values", async () => {
    const repoId = await createSpace(server, "alice/with-secrets", { token: server.tokens.alice });
    const options = { repoId, hubUrl: server.url, accessToken: server.tokens.alice };
    await addSpaceSecret({ ...options, key: "GITHUB_API_KEY", value: SECRET_VALUE, description: "CI token" });
    await addSpaceSecret({ ...options, key: "OTHER", value: SECRET_VALUE });
    const secrets = await getSpaceSecrets(options);
    expect(Object.keys(secrets).sort()).toEqual(["GITHUB_API_KEY", "OTHER"]);
    expect(secrets.GITHUB_API_KEY).toMatchObject({ key: "GITHUB_API_KEY", description: "CI token" });
    expect(secrets.GITHUB_API_KEY?.updatedAt).toBeInstanceOf(Date);
    for (const path of [
      `/api/spaces/${repoId}/secrets`,
      `/api/spaces/${repoId}`,
      `/api/spaces/${repoId}/runtime`,
      `/api/spaces/${repoId}/variables`,
    ]) {
      const text = await (await request(server, path, { token: server.tokens.alice })).text();
      expect(text).not.toContain(SECRET_VALUE);
    }
    await deleteSpaceSecret({ ...options, key: "OTHER" });
    await deleteSpaceSecret({ ...options, key: "NEVER_EXISTED" });
    expect(Object.keys(await getSpaceSecrets(options))).toEqual(["GITHUB_API_KEY"]);
  });

  it("lets only writers manage secrets", async () => {
    const repoId = await createSpace(server, "alice/guarded-secrets", { token: server.tokens.alice });
    const error = await addSpaceSecret({ repoId, key: "X", value: "y", hubUrl: server.url, accessToken: server.tokens.carol }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HubHttpError);
    expect((error as HubHttpError).status).toBe(403);
    await expect(getSpaceSecrets({ repoId, hubUrl: server.url })).rejects.toMatchObject({ status: 401 });
  });

  it("rejects a bad key on the server too", async () => {
    const repoId = await createSpace(server, "alice/bad-key", { token: server.tokens.alice });
    const response = await request(server, `/api/spaces/${repoId}/secrets`, {
      method: "POST",
      token: server.tokens.alice,
      json: { key: "1BAD", value: "x" },
    });
    expect(response.status).toBe(400);
  });
});

describe("variables", () => {
  it("adds, updates, lists with descriptions and deletes variables", async () => {
    const repoId = await createSpace(server, "alice/with-variables", { token: server.tokens.alice });
    const options = { repoId, hubUrl: server.url, accessToken: server.tokens.alice };
    expect(await getSpaceVariables(options)).toEqual({});
    await addSpaceVariable({ ...options, key: "MODEL_REPO_ID", value: "alice/bert" });
    const updated = await addSpaceVariable({ ...options, key: "foo", value: "456", description: "updated description" });
    expect(updated.foo).toMatchObject({ key: "foo", value: "456", description: "updated description" });
    expect(updated.MODEL_REPO_ID).toMatchObject({ value: "alice/bert", description: undefined });
    const anonymous = await getSpaceVariables({ repoId, hubUrl: server.url });
    expect(Object.keys(anonymous).sort()).toEqual(["MODEL_REPO_ID", "foo"]);
    const left = await deleteSpaceVariable({ ...options, key: "foo" });
    expect(Object.keys(left)).toEqual(["MODEL_REPO_ID"]);
    expect(Object.keys(await deleteSpaceVariable({ ...options, key: "missing" }))).toEqual(["MODEL_REPO_ID"]);
    expect((await getSpaceRuntime(options)).stage).toBe("RUNNING");
  });
});
