import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HubValidationError } from "@hub/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deleteStoredToken, deleteStoredTokens, readStoredTokens, saveStoredToken, storedTokensPath } from "./stored-tokens.ts";

let home: string;
let env: Record<string, string>;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "hub-stored-tokens-"));
  env = { HOME: home, HF_HOME: join(home, "hf") };
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("stored_tokens (the Python client's named tokens)", () => {
  it("lives next to the token file", () => {
    expect(storedTokensPath(env)).toBe(join(home, "hf", "stored_tokens"));
    expect(storedTokensPath({ HOME: home, HF_TOKEN_PATH: join(home, "elsewhere", "tok") })).toBe(join(home, "elsewhere", "stored_tokens"));
  });

  it("saves sections sorted by name in configparser's layout, mode 0600, and reads them back", async () => {
    const path = await saveStoredToken("work", "hf_work_token", { env });
    await saveStoredToken("laptop", "hf_laptop_token", { env });
    expect(await readFile(path, "utf8")).toBe("[laptop]\nhf_token = hf_laptop_token\n\n[work]\nhf_token = hf_work_token\n\n");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readStoredTokens({ env })).toEqual({ laptop: "hf_laptop_token", work: "hf_work_token" });
    await saveStoredToken("work", "hf_work_token_2", { env });
    expect((await readStoredTokens({ env })).work).toBe("hf_work_token_2");
  });

  it("keeps the other keys of a section and reads Python's `key: value` form", async () => {
    await saveStoredToken("seed", "hf_x", { env });
    await writeFile(storedTokensPath(env), "[ci]\nhf_token: hf_ci\nrefresh_token = r1\nexpires_at = 1700000000\n\n[empty]\n");
    expect(await readStoredTokens({ env })).toEqual({ ci: "hf_ci" });
    await saveStoredToken("ci", "hf_ci_2", { env });
    expect(await readFile(storedTokensPath(env), "utf8")).toBe(
      "[ci]\nhf_token = hf_ci_2\nrefresh_token = r1\nexpires_at = 1700000000\n\n[empty]\n\n",
    );
  });

  it("deletes one entry (returning its token) or the whole file", async () => {
    await saveStoredToken("a", "hf_a", { env });
    await saveStoredToken("b", "hf_b", { env });
    expect(await deleteStoredToken("a", { env })).toBe("hf_a");
    expect(await deleteStoredToken("a", { env })).toBeUndefined();
    expect(await readStoredTokens({ env })).toEqual({ b: "hf_b" });
    await deleteStoredTokens({ env });
    await deleteStoredTokens({ env });
    expect(await readStoredTokens({ env })).toEqual({});
  });

  it("refuses names that would break the file, and bad tokens, before writing", async () => {
    for (const name of ["", "  ", "a]b", "x\ny"])
      await expect(saveStoredToken(name, "hf_a", { env })).rejects.toBeInstanceOf(HubValidationError);
    await expect(saveStoredToken("ok", "hf a", { env })).rejects.toBeInstanceOf(HubValidationError);
    await expect(stat(storedTokensPath(env))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
