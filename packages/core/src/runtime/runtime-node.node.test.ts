import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HubOfflineError } from "../errors/hub-offline-error.ts";
import { hubRequest } from "../http/hub-request.ts";
import { resolveHubUrl } from "../options.ts";
import { mockFetch } from "../testing/mock-fetch.ts";
import { resolveAccessToken } from "./runtime-node.ts";
import { expandPath, huggingFaceHome } from "../environment/expand.ts";

function isolatedEnvironment(): string {
  const home = mkdtempSync(join(tmpdir(), "hub-core-env-"));
  for (const name of [
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "HF_TOKEN_PATH",
    "HF_ENDPOINT",
    "HF_HUB_OFFLINE",
    "TRANSFORMERS_OFFLINE",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN",
    "XDG_CACHE_HOME",
  ])
    vi.stubEnv(name, "");
  vi.stubEnv("HF_HOME", home);
  return home;
}

describe("the environment on Node, for every function", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("sends HF_TOKEN to HF_ENDPOINT when the options say nothing", async () => {
    isolatedEnvironment();
    vi.stubEnv("HF_TOKEN", " hf_from_env\n");
    vi.stubEnv("HF_ENDPOINT", "https://mirror.test/");
    const fetch = mockFetch({ "GET https://mirror.test/api/x": () => Response.json({}) });
    await hubRequest({ fetch }, { path: "/api/x" });
    expect(fetch.calls[0]?.request.headers.get("authorization")).toBe("Bearer hf_from_env");
    expect(resolveHubUrl({})).toBe("https://mirror.test");
  });

  it("reads the token file under HF_HOME when no variable holds a token, at each call", async () => {
    const home = isolatedEnvironment();
    expect(resolveAccessToken({})).toBeUndefined();
    writeFileSync(join(home, "token"), "hf_from_file\n");
    expect(resolveAccessToken({})).toBe("hf_from_file");
  });

  it("puts explicit options first", async () => {
    isolatedEnvironment();
    vi.stubEnv("HF_TOKEN", "hf_from_env");
    vi.stubEnv("HF_ENDPOINT", "https://mirror.test");
    const fetch = mockFetch({ "GET https://explicit.test/api/x": () => Response.json({}) });
    await hubRequest({ fetch, hubUrl: "https://explicit.test", accessToken: "hf_explicit" }, { path: "/api/x" });
    expect(fetch.calls[0]?.request.headers.get("authorization")).toBe("Bearer hf_explicit");
  });

  it("sends no implicit token with HF_HUB_DISABLE_IMPLICIT_TOKEN", () => {
    isolatedEnvironment();
    vi.stubEnv("HF_TOKEN", "hf_from_env");
    vi.stubEnv("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1");
    expect(resolveAccessToken({})).toBeUndefined();
    expect(resolveAccessToken({ accessToken: "hf_explicit" })).toBe("hf_explicit");
  });

  it("sends nothing in offline mode (HF_HUB_OFFLINE)", async () => {
    isolatedEnvironment();
    vi.stubEnv("HF_HUB_OFFLINE", "yes");
    const fetch = mockFetch({ "GET /api/x": () => Response.json({}) });
    await expect(hubRequest({ fetch, hubUrl: "https://hub.test" }, { path: "/api/x" })).rejects.toBeInstanceOf(HubOfflineError);
    expect(fetch.calls).toHaveLength(0);
  });

  it("expands ~ and $VAR in HF_HOME and HF_TOKEN_PATH as Python does", () => {
    isolatedEnvironment();
    vi.stubEnv("HOME", "/home/alice");
    vi.stubEnv("CACHE_ROOT", "/data");
    vi.stubEnv("HF_HOME", "$CACHE_ROOT/hf");
    expect(huggingFaceHome(process.env)).toBe("/data/hf");
    vi.stubEnv("HF_HOME", "~/hf-${CACHE_ROOT}");
    expect(huggingFaceHome(process.env)).toBe("/home/alice/hf-/data");
    vi.stubEnv("HF_HOME", "");
    vi.stubEnv("XDG_CACHE_HOME", "~/xdg");
    expect(huggingFaceHome(process.env)).toBe("/home/alice/xdg/huggingface");
    expect(expandPath("$UNSET_VARIABLE_X/a", process.env)).toBe("$UNSET_VARIABLE_X/a");
    expect(expandPath("a~/b", process.env)).toBe("a~/b");
  });
});
