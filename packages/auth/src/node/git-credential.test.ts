import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HubValidationError } from "@hub/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAccessToken } from "./set-access-token.ts";
import { unsetAccessToken } from "./unset-access-token.ts";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "hub-git-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("setAccessToken / unsetAccessToken (protocol 2.4)", () => {
  it("stores hf_user:<token> for the endpoint host in ~/.git-credentials, then erases it", async () => {
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config") };
    await setAccessToken("hf_secret123", { env, hubUrl: "https://hub.example.test/" });
    const stored = await readFile(join(home, ".git-credentials"), "utf8");
    expect(stored.trim()).toBe("https://hf_user:hf_secret123@hub.example.test");
    await setAccessToken("hf_other", { env: { ...env, HF_ENDPOINT: "http://127.0.0.1:8080" } });
    expect(await readFile(join(home, ".git-credentials"), "utf8")).toContain("http://hf_user:hf_other@127.0.0.1%3a8080");
    await unsetAccessToken({ env, hubUrl: "https://hub.example.test" });
    const after = await readFile(join(home, ".git-credentials"), "utf8");
    expect(after).not.toContain("hf_secret123");
    expect(after).toContain("hf_other");
  });

  it("rejects an empty token before running git", async () => {
    await expect(setAccessToken(" ", { env: { HOME: home } })).rejects.toBeInstanceOf(HubValidationError);
  });
});
