import { HubValidationError } from "@hub/core";
import { describe, expect, it } from "vitest";
import { parseRepoUrl } from "./repo-url.ts";

describe("parseRepoUrl (protocol 3.2)", () => {
  it.each([
    ["https://huggingface.co/gpt2", "https://huggingface.co", "model", "gpt2", undefined],
    ["https://huggingface.co/alice/bert", "https://huggingface.co", "model", "alice/bert", "alice"],
    ["https://huggingface.co/datasets/alice/data", "https://huggingface.co", "dataset", "alice/data", "alice"],
    ["https://huggingface.co/spaces/alice/demo/", "https://huggingface.co", "space", "alice/demo", "alice"],
    ["https://huggingface.co/models/alice/bert", "https://huggingface.co", "model", "alice/bert", "alice"],
    ["https://huggingface.co/datasets/squad", "https://huggingface.co", "dataset", "squad", undefined],
    ["http://127.0.0.1:8080/datasets/a/b", "http://127.0.0.1:8080", "dataset", "a/b", "a"],
    ["hf://datasets/my-user/my-dataset", "https://huggingface.co", "dataset", "my-user/my-dataset", "my-user"],
    ["hf://alice/bert", "https://huggingface.co", "model", "alice/bert", "alice"],
    ["spaces/alice/demo", "https://huggingface.co", "space", "alice/demo", "alice"],
    ["alice/bert", "https://huggingface.co", "model", "alice/bert", "alice"],
    ["bert", "https://huggingface.co", "model", "bert", undefined],
  ])("parses %s", (url, endpoint, repoType, repoId, namespace) => {
    const parsed = parseRepoUrl(url);
    expect(parsed).toMatchObject({ url, endpoint, repoType, repoId, namespace });
    expect(String(parsed)).toBe(url);
  });

  it("recognises a Hub under a path prefix", () => {
    expect(parseRepoUrl("https://proxy.test/hub/spaces/a/b", { hubUrl: "https://proxy.test/hub/" })).toMatchObject({
      endpoint: "https://proxy.test/hub",
      repoType: "space",
      repoId: "a/b",
    });
  });

  it.each(["", "dataset/alice/x", "a/b/c/d", "https://huggingface.co/a/b/c/d", "alice/bad--name", "https://user:pw@huggingface.co/a/b"])(
    "rejects %j",
    (url) => {
      expect(() => parseRepoUrl(url)).toThrow(HubValidationError);
    },
  );
});
