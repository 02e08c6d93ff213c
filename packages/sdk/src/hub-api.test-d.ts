import { describe, expectTypeOf, it } from "vitest";
import type { ModelListItem, RepoUrl, UploadResult, WhoAmI } from "./index.ts";
import { createRepo, HubApi, listModels, uploadFiles, whoami } from "./index.ts";
import { HubApi as NodeHubApi } from "./node/index.ts";

describe("HubApi method types", () => {
  const hub = new HubApi({ accessToken: "hf_x", hubUrl: "http://127.0.0.1:1" });

  it("whoami: optional params, resolves to WhoAmI, same as the standalone function", () => {
    expectTypeOf(hub.whoami).toBeCallableWith();
    expectTypeOf(hub.whoami).returns.toEqualTypeOf<Promise<WhoAmI>>();
    expectTypeOf(hub.whoami).returns.toEqualTypeOf<ReturnType<typeof whoami>>();
    expectTypeOf<WhoAmI["name"]>().toEqualTypeOf<string>();
  });

  it("listModels: an async iterable of ModelListItem with typed filters", () => {
    expectTypeOf(hub.listModels).toBeCallableWith();
    expectTypeOf(hub.listModels).toBeCallableWith({ search: "bert", limit: 20 });
    expectTypeOf(hub.listModels).returns.toEqualTypeOf<ReturnType<typeof listModels>>();
    expectTypeOf(hub.listModels({})).toMatchTypeOf<AsyncIterable<ModelListItem>>();
    // @ts-expect-error limit is a number
    hub.listModels({ limit: "20" });
  });

  it("createRepo: repoId is required, bound options become optional, resolves to RepoUrl", () => {
    expectTypeOf(hub.createRepo).toBeCallableWith({ repoId: "alice/x", private: true });
    expectTypeOf(hub.createRepo).returns.toEqualTypeOf<Promise<RepoUrl>>();
    expectTypeOf(createRepo).returns.toEqualTypeOf<Promise<RepoUrl>>();
    // @ts-expect-error repoId is required
    hub.createRepo({ private: true });
    // @ts-expect-error repoType is one of the repo types
    hub.createRepo({ repoId: "alice/x", repoType: "notebook" });
  });

  it("uploadFiles: files with content, resolves to UploadResult", () => {
    expectTypeOf(hub.uploadFiles).toBeCallableWith({ repoId: "alice/x", files: [{ pathInRepo: "a.txt", content: new Uint8Array(1) }] });
    expectTypeOf(hub.uploadFiles).returns.toEqualTypeOf<Promise<UploadResult>>();
    expectTypeOf(uploadFiles).returns.toEqualTypeOf<Promise<UploadResult>>();
    expectTypeOf<UploadResult["commit"]["oid"]>().toEqualTypeOf<string>();
  });

  it("@hub/sdk/node's HubApi adds snapshotDownload (resolves to the folder path); the edge one has none", () => {
    const nodeHub = new NodeHubApi();
    expectTypeOf(nodeHub.snapshotDownload).toBeCallableWith({ repoId: "alice/x", allowPatterns: ["*.json"] });
    expectTypeOf(nodeHub.snapshotDownload).returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf(nodeHub.whoami).returns.toEqualTypeOf<Promise<WhoAmI>>();
    expectTypeOf(hub).not.toHaveProperty("snapshotDownload");
  });
});
