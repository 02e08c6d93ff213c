import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HubValidationError } from "@hub/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deleteToken } from "./delete-token.ts";
import { getHubUrl } from "./get-hub-url.ts";
import { getToken } from "./get-token.ts";
import { hfHome, tokenPath } from "./paths.ts";
import { saveToken } from "./save-token.ts";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "hub-auth-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe("hfHome and tokenPath (protocol 2.3)", () => {
  it("prefers HF_HOME, then XDG_CACHE_HOME, then ~/.cache", () => {
    expect(hfHome({ HOME: "/h", HF_HOME: "/custom" })).toBe("/custom");
    expect(hfHome({ HOME: "/h", XDG_CACHE_HOME: "/xdg" })).toBe("/xdg/huggingface");
    expect(hfHome({ HOME: "/h" })).toBe("/h/.cache/huggingface");
    expect(hfHome({ HOME: "/h", HF_HOME: "~/hf" })).toBe("/h/hf");
    expect(tokenPath({ HOME: "/h" })).toBe("/h/.cache/huggingface/token");
    expect(tokenPath({ HOME: "/h", HF_TOKEN_PATH: "/t/tok" })).toBe("/t/tok");
  });
});

describe("getToken", () => {
  it("resolves explicit, HF_TOKEN, HUGGING_FACE_HUB_TOKEN, then the file, trimming and skipping empty values", async () => {
    const env = { HOME: home };
    expect(await getToken({ env })).toBeUndefined();
    await mkdir(join(home, ".cache", "huggingface"), { recursive: true });
    await writeFile(join(home, ".cache", "huggingface", "token"), "  hf_file\r\n");
    expect(await getToken({ env })).toBe("hf_file");
    expect(await getToken({ env: { ...env, HUGGING_FACE_HUB_TOKEN: "hf_legacy_env" } })).toBe("hf_legacy_env");
    expect(await getToken({ env: { ...env, HUGGING_FACE_HUB_TOKEN: "hf_legacy_env", HF_TOKEN: " hf_env\n" } })).toBe("hf_env");
    expect(await getToken({ env: { ...env, HF_TOKEN: "   " } })).toBe("hf_file");
    expect(await getToken({ env: { ...env, HF_TOKEN: "hf_env" }, accessToken: "hf_explicit" })).toBe("hf_explicit");
    expect(await getToken({ env: { ...env, HF_TOKEN: "hf_env" }, accessToken: "" })).toBe("hf_env");
  });

  it("reads HF_TOKEN_PATH and treats an empty file as no token", async () => {
    const path = join(home, "elsewhere", "tok");
    await mkdir(join(home, "elsewhere"));
    await writeFile(path, "");
    expect(await getToken({ env: { HOME: home, HF_TOKEN_PATH: path } })).toBeUndefined();
    await writeFile(path, "hf_custom");
    expect(await getToken({ env: { HOME: home, HF_TOKEN_PATH: path } })).toBe("hf_custom");
  });
});

describe("getHubUrl", () => {
  it("reads HF_ENDPOINT without trailing slashes", () => {
    expect(getHubUrl({ env: {} })).toBe("https://huggingface.co");
    expect(getHubUrl({ env: { HF_ENDPOINT: "http://127.0.0.1:8080//" } })).toBe("http://127.0.0.1:8080");
  });
});

describe("saveToken and deleteToken", () => {
  it("writes the raw token without newline, mode 0600 in a 0700 folder, and getToken reads it back", async () => {
    const env = { HOME: home, HF_HOME: join(home, "new", "hf") };
    const path = await saveToken("hf_abc", { env });
    expect(path).toBe(join(home, "new", "hf", "token"));
    expect(await readFile(path, "utf8")).toBe("hf_abc");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, "new", "hf"))).mode & 0o777).toBe(0o700);
    expect(await getToken({ env })).toBe("hf_abc");
    await saveToken("hf_second", { env });
    expect(await readFile(path, "utf8")).toBe("hf_second");
  });

  it("rejects an empty token or one with white space", async () => {
    await expect(saveToken("", { env: { HOME: home } })).rejects.toBeInstanceOf(HubValidationError);
    await expect(saveToken("hf a", { env: { HOME: home } })).rejects.toBeInstanceOf(HubValidationError);
  });

  it("deletes the token and the legacy ~/.huggingface/token; a missing file is fine", async () => {
    const env = { HOME: home };
    await deleteToken({ env });
    await saveToken("hf_abc", { env });
    await mkdir(join(home, ".huggingface"));
    await writeFile(join(home, ".huggingface", "token"), "hf_old");
    await deleteToken({ env });
    await expect(stat(tokenPath(env))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(stat(join(home, ".huggingface", "token"))).rejects.toMatchObject({ code: "ENOENT" });
    expect(await getToken({ env })).toBeUndefined();
  });
});
