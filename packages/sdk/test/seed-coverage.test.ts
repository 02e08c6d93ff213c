import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as sdk from "@hub/sdk";
import * as sdkNode from "@hub/sdk/node";
import * as auth from "@hub/auth";
import * as repos from "@hub/repos";
import * as commits from "@hub/commits";
import * as discussions from "@hub/discussions";
import * as spaces from "@hub/spaces";
import * as search from "@hub/search";

const seedList = new URL("./seed-methods.txt", import.meta.url);
// The seed reference lives beside the repository (shared/); the list above is the names of the
// methods of its HfApi class (not of CommitInfo, HfFolder and the other classes it documents).
const seedReference = new URL("../../../../shared/seed/hfapi-v0.12-reference.txt", import.meta.url);

const seedMethods = readFileSync(seedList, "utf8").split("\n").filter(Boolean);
const camelCase = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

describe("every HfApi method of the seed", () => {
  it("the committed list matches the seed reference", () => {
    if (!existsSync(seedReference)) return;
    const full = readFileSync(seedReference, "utf8");
    const text = full.slice(full.indexOf("class huggingface_hub.HfApi\n"), full.indexOf("class huggingface_hub.CommitInfo\n"));
    const fromReference = [...text.matchAll(/^([a-z_]+)\n\n< >/gm)].map((match) => match[1]);
    expect(fromReference).toEqual(seedMethods);
  });

  it.each(seedMethods.map((name) => [name, camelCase(name)]))("%s exists as the function %s", (_, name) => {
    const exported = (sdk as Record<string, unknown>)[name] ?? (sdkNode as Record<string, unknown>)[name];
    expect(typeof exported).toBe("function");
  });

  it.each(seedMethods.map((name) => [name, camelCase(name)]))("%s exists as the HubApi method %s", (_, name) => {
    const hub = new sdkNode.HubApi({ accessToken: "hf_test", hubUrl: "http://127.0.0.1:9" });
    expect(typeof (hub as unknown as Record<string, unknown>)[name]).toBe("function");
  });
});

describe("HubApi covers every operation the packages export", () => {
  // Exported functions that are not Hub operations: pure helpers, converters, constructors.
  const helpers = new Set(
    Object.keys(sdk).filter((name) =>
      /^(to[A-Z]|is[A-Z]|parse[A-Z]|normalize|range|file[A-Z]\w*From|cardEmissions|cleanLabel|\w+FilterToQuery|\w+SearchArguments$|commitOperation[A-Z]|fileSource|lazyFileSource|check[A-Z]|\w+Problem$)/.test(
        name,
      ),
    ),
  );
  const leaves = { auth, repos, commits, discussions, spaces, search };
  it.each(Object.keys(leaves))("no operation of @hub/%s is missing from HubApi", (leaf) => {
    const hub = new sdkNode.HubApi({ accessToken: "hf_test", hubUrl: "http://127.0.0.1:9" });
    const missing = Object.entries(leaves[leaf as keyof typeof leaves])
      .filter(([name, value]) => typeof value === "function" && /^[a-z]/.test(name) && !helpers.has(name))
      .filter(([name]) => typeof (hub as unknown as Record<string, unknown>)[name] !== "function")
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });
});
