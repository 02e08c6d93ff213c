import { CommitConflictError, HubValidationError, RepositoryNotFoundError, RevisionNotFoundError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRepo,
  datasetInfo,
  deleteRepo,
  modelInfo,
  moveRepo,
  repoExists,
  repoInfo,
  spaceInfo,
  updateRepoSettings,
  updateRepoVisibility,
} from "../src/index.ts";
import { putFiles } from "./helpers.ts";

let hub: TestServer;
let alice: { accessToken: string; hubUrl: string };
let bob: { accessToken: string; hubUrl: string };
beforeAll(async () => {
  hub = await startTestServer();
  alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
  bob = { accessToken: hub.tokens.bob, hubUrl: hub.url };
});
afterAll(async () => {
  await hub.close();
});

describe("createRepo", () => {
  it("creates models, datasets and Spaces and returns a RepoUrl", async () => {
    const model = await createRepo({ ...alice, repoId: "alice/model-a" });
    expect(model).toMatchObject({
      url: `${hub.url}/alice/model-a`,
      endpoint: hub.url,
      namespace: "alice",
      repoId: "alice/model-a",
      repoType: "model",
    });
    const dataset = await createRepo({ ...alice, repoId: "acme/data-a", repoType: "dataset", private: true });
    expect(dataset).toMatchObject({ url: `${hub.url}/datasets/acme/data-a`, repoType: "dataset", namespace: "acme" });
    const space = await createRepo({ ...alice, repoId: "space-a", repoType: "space", spaceSdk: "gradio", spaceHardware: "cpu-basic" });
    expect(space).toMatchObject({ repoId: "alice/space-a", repoType: "space" });
    expect((await spaceInfo({ ...alice, repoId: "alice/space-a" })).sdk).toBe("gradio");
    expect((await datasetInfo({ ...alice, repoId: "acme/data-a" })).private).toBe(true);
  });

  it("fails with 409 on an existing repo unless existOk, which returns its URL", async () => {
    await createRepo({ ...alice, repoId: "alice/twice" });
    await expect(createRepo({ ...alice, repoId: "alice/twice" })).rejects.toBeInstanceOf(CommitConflictError);
    expect(await createRepo({ ...alice, repoId: "alice/twice", existOk: true })).toMatchObject({
      repoId: "alice/twice",
      url: `${hub.url}/alice/twice`,
    });
    expect(await createRepo({ ...alice, repoId: "twice", existOk: true })).toMatchObject({ repoId: "alice/twice" });
  });

  it("validates ids and Space options before sending anything", async () => {
    const fetch = mockFetch({});
    for (const call of [
      () => createRepo({ ...alice, fetch, repoId: "alice/bad--id" }),
      () => createRepo({ ...alice, fetch, repoId: "alice/x.git" }),
      () => createRepo({ ...alice, fetch, repoId: "alice/sp", repoType: "space" }),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(HubValidationError);
    }
    expect(fetch.calls).toHaveLength(0);
  });
});

describe("info", () => {
  it("returns typed model info with siblings and file metadata", async () => {
    await createRepo({ ...alice, repoId: "alice/info" });
    await putFiles(hub, "alice/info", {
      "README.md": "---\nlibrary_name: transformers\npipeline_tag: text-classification\nlicense: mit\n---\n# Info\n",
      "model.safetensors": new Uint8Array(2048).fill(7),
    });
    const info = await modelInfo({ ...alice, repoId: "alice/info", filesMetadata: true, securityStatus: true });
    expect(info).toMatchObject({
      id: "alice/info",
      repoType: "model",
      private: false,
      pipelineTag: "text-classification",
      libraryName: "transformers",
    });
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(info.lastModified).toBeInstanceOf(Date);
    expect(info.cardData).toMatchObject({ license: "mit" });
    const weights = info.siblings?.find((sibling) => sibling.path === "model.safetensors");
    expect(weights?.size).toBe(2048);
    expect(weights?.blobId).toMatch(/^[0-9a-f]{40}$/);
    expect(weights?.lfs).toMatchObject({ size: 2048, pointerSize: 129 });
    expect(weights?.lfs?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(info.raw.id).toBe("alice/info");
    const plain = await repoInfo({ ...alice, repoId: "alice/info" });
    expect(plain.siblings?.find((sibling) => sibling.path === "README.md")?.size).toBeUndefined();
    const atRevision = await repoInfo({ ...alice, repoId: "alice/info", revision: info.sha });
    expect(atRevision.sha).toBe(info.sha);
  });

  it("throws RevisionNotFoundError, and RepositoryNotFoundError for a private repo seen by another user", async () => {
    await createRepo({ ...alice, repoId: "alice/secret", private: true });
    await expect(repoInfo({ ...alice, repoId: "alice/info", revision: "nope" })).rejects.toBeInstanceOf(RevisionNotFoundError);
    await expect(repoInfo({ ...bob, repoId: "alice/secret" })).rejects.toBeInstanceOf(RepositoryNotFoundError);
    await expect(repoInfo({ hubUrl: hub.url, repoId: "alice/secret" })).rejects.toBeInstanceOf(RepositoryNotFoundError);
    expect(await repoExists({ ...alice, repoId: "alice/secret" })).toBe(true);
    expect(await repoExists({ ...bob, repoId: "alice/secret" })).toBe(false);
    expect(await repoExists({ ...alice, repoId: "alice/never" })).toBe(false);
  });
});

describe("visibility, settings, move, delete", () => {
  it("updates visibility (whoami gives a missing namespace) and settings", async () => {
    await createRepo({ ...alice, repoId: "alice/vis" });
    expect(await updateRepoVisibility({ ...alice, repoId: "vis", private: true })).toMatchObject({ private: true });
    await expect(repoInfo({ ...bob, repoId: "alice/vis" })).rejects.toBeInstanceOf(RepositoryNotFoundError);
    await updateRepoSettings({ ...alice, repoId: "alice/vis", visibility: "public", gated: "manual" });
    const info = await repoInfo({ ...alice, repoId: "alice/vis" });
    expect(info).toMatchObject({ private: false, gated: "manual" });
    await updateRepoSettings({ ...alice, repoId: "alice/vis", private: true });
    expect((await repoInfo({ ...alice, repoId: "alice/vis" })).private).toBe(true);
  });

  it("moves a repository, then deletes it (missingOk tolerates a second delete)", async () => {
    await createRepo({ ...alice, repoId: "alice/old-name" });
    await moveRepo({ ...alice, fromId: "alice/old-name", toId: "acme/new-name" });
    expect(await repoExists({ ...alice, repoId: "acme/new-name" })).toBe(true);
    await createRepo({ ...alice, repoId: "alice/taken" });
    await expect(moveRepo({ ...alice, fromId: "acme/new-name", toId: "alice/taken" })).rejects.toBeInstanceOf(CommitConflictError);
    await deleteRepo({ ...alice, repoId: "acme/new-name" });
    expect(await repoExists({ ...alice, repoId: "acme/new-name" })).toBe(false);
    await expect(deleteRepo({ ...alice, repoId: "acme/new-name" })).rejects.toBeInstanceOf(RepositoryNotFoundError);
    await deleteRepo({ ...alice, repoId: "acme/new-name", missingOk: true });
  });
});
