import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { HubApiMethods } from "../src/hub-api.generated.ts";
import type { NodeHubApiMethods } from "../src/node/hub-api.generated.ts";
import { operations, type Operations } from "../src/operations.ts";
import { nodeOperations, type NodeOperations } from "../src/node/operations.ts";

const sdk = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The JSDoc block right above `name(` inside `interface <interfaceName> {` of a declaration file. */
function methodDocs(declarationFile: string, interfaceName: string): Map<string, string> {
  const text = readFileSync(join(sdk, declarationFile), "utf8");
  const start = text.indexOf(`interface ${interfaceName} {`);
  expect(start, `${interfaceName} in ${declarationFile}`).toBeGreaterThan(-1);
  const body = text.slice(start, text.indexOf("\n}", start));
  const docs = new Map<string, string>();
  for (const match of body.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)\s*\n\s*(\w+)\(/g)) docs.set(match[2]!, match[1]!);
  return docs;
}

describe("HubApi method declarations", () => {
  it("the generated files are up to date with the operation records", async () => {
    const outcome = await promisify(execFile)(process.execPath, ["scripts/generate-hub-api.mjs", "--check"], { cwd: sdk }).then(
      () => "fresh",
      (error: { stderr?: string }) => error.stderr ?? String(error),
    );
    expect(outcome).toBe("fresh");
    // The generator runs the TypeScript compiler over every operation: ~5 s alone, over 30 s on a loaded machine.
  }, 120_000);

  it("declare exactly the operations of the records", () => {
    expectTypeOf<keyof HubApiMethods>().toEqualTypeOf<keyof Operations>();
    expectTypeOf<keyof NodeHubApiMethods>().toEqualTypeOf<keyof NodeOperations>();
  });

  it("carry every operation's JSDoc into the emitted .d.ts (what an editor shows on hover)", () => {
    const docs = methodDocs("dist/index.d.ts", "HubApiMethods");
    expect([...docs.keys()].sort()).toEqual(Object.keys(operations).sort());
    expect(docs.get("createRepo")).toContain("Creates a repository");
    expect(docs.get("createRepo")).toContain("@throws {HubValidationError}");
    expect(docs.get("listModels")).toMatch(/\S/);
    expect(readFileSync(join(sdk, "dist/index.d.ts"), "utf8")).toMatch(
      /createRepo\(params: BoundParams<CreateRepoParams>\): Promise<RepoUrl>;/,
    );
  });

  it("carry the Node-only operations' JSDoc into @hub/sdk/node's .d.ts", () => {
    const docs = methodDocs("dist/node/index.d.ts", "NodeHubApiMethods");
    expect([...docs.keys()].sort()).toEqual(Object.keys(nodeOperations).sort());
    expect(docs.get("snapshotDownload")).toContain("Downloads every file of a repository revision");
  });
});
