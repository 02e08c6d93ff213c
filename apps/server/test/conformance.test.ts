import { createHash, randomBytes } from "node:crypto";
import {
  createBranch,
  createRepo,
  deleteBranch,
  deleteFile,
  deleteRepo,
  downloadFile,
  fileExists,
  listCommits,
  listFiles,
  modelInfo,
  uploadFiles,
  whoAmI,
} from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/testing.ts";

let hub: TestServer;
beforeAll(async () => {
  hub = await startTestServer();
});
afterAll(async () => {
  await hub.close();
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("official @huggingface/hub client against the server", () => {
  it("runs the whole repo lifecycle", async () => {
    const credentials = { accessToken: hub.tokens.alice };
    const hubUrl = hub.url;
    const repo = { type: "model" as const, name: "alice/conformance" };

    const me = await whoAmI({ credentials, hubUrl });
    expect(me.name).toBe("alice");
    expect(me.type).toBe("user");

    const created = await createRepo({ repo, credentials, hubUrl });
    expect(created.repoUrl).toBe(`${hubUrl}/alice/conformance`);

    const big = randomBytes(20 * 1000 * 1000);
    await uploadFiles({
      repo,
      credentials,
      hubUrl,
      useXet: true,
      files: [
        { path: "README.md", content: new Blob(["---\nlibrary_name: transformers\npipeline_tag: text-classification\n---\n# hi\n"]) },
        { path: "weights/model.bin", content: new Blob([big]) },
      ],
    });

    const files = await collect(listFiles({ repo, credentials, hubUrl, recursive: true }));
    const paths = files.map((file) => file.path).sort();
    expect(paths).toEqual([".gitattributes", "README.md", "weights", "weights/model.bin"]);
    const bin = files.find((file) => file.path === "weights/model.bin")!;
    expect(bin.lfs?.oid).toBe(createHash("sha256").update(big).digest("hex"));
    expect(bin.size).toBe(big.byteLength);

    const readme = await downloadFile({ repo, path: "README.md", credentials, hubUrl });
    expect(await readme?.text()).toContain("# hi");
    const blob = await downloadFile({ repo, path: "weights/model.bin", credentials, hubUrl });
    expect(Buffer.from(await blob!.arrayBuffer()).equals(big)).toBe(true);
    expect(await downloadFile({ repo, path: "missing.txt", credentials, hubUrl })).toBeNull();

    expect(await fileExists({ repo, path: "README.md", credentials, hubUrl })).toBe(true);
    expect(await fileExists({ repo, path: "nope.md", credentials, hubUrl })).toBe(false);

    const info = await modelInfo({ name: repo.name, credentials, hubUrl, additionalFields: ["library_name", "sha"] });
    expect(info).toMatchObject({ name: "alice/conformance", private: false, task: "text-classification", library_name: "transformers" });

    await createBranch({ repo, branch: "dev", accessToken: hub.tokens.alice, hubUrl });
    const devCommits = await collect(listCommits({ repo, credentials, hubUrl, revision: "dev" }));
    expect(devCommits.map((commit) => commit.title)).toHaveLength(2);
    await deleteBranch({ repo, branch: "dev", accessToken: hub.tokens.alice, hubUrl });
    await expect(collect(listCommits({ repo, credentials, hubUrl, revision: "dev" }))).rejects.toThrow();

    await deleteFile({ repo, path: "README.md", credentials, hubUrl });
    expect(await fileExists({ repo, path: "README.md", credentials, hubUrl })).toBe(false);
    const commits = await collect(listCommits({ repo, credentials, hubUrl }));
    expect(commits.map((commit) => commit.title)).toEqual(["Delete README.md", "Add 2 files", "initial commit"]);
    expect(commits[2]!.authors[0]!.username).toBe("system");

    await deleteRepo({ repo, credentials, hubUrl });
    await expect(modelInfo({ name: repo.name, credentials, hubUrl })).rejects.toThrow();
  });
});
