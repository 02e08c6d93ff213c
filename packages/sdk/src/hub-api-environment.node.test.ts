import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HubApi } from "./hub-api.ts";

describe("HubApi on Node resolves what the Python client would", () => {
  afterEach(() => vi.unstubAllEnvs());

  function isolatedHome(): string {
    const home = mkdtempSync(join(tmpdir(), "hub-sdk-env-"));
    vi.stubEnv("HF_HOME", home);
    vi.stubEnv("HF_TOKEN", "");
    vi.stubEnv("HUGGING_FACE_HUB_TOKEN", "");
    vi.stubEnv("HF_TOKEN_PATH", "");
    vi.stubEnv("HF_ENDPOINT", "");
    return home;
  }

  it("takes HF_TOKEN and HF_ENDPOINT", () => {
    isolatedHome();
    vi.stubEnv("HF_TOKEN", "hf_from_env\n");
    vi.stubEnv("HF_ENDPOINT", "http://127.0.0.1:9/");
    const hub = new HubApi();
    expect(hub.options.accessToken).toBe("hf_from_env");
    expect(hub.hubUrl).toBe("http://127.0.0.1:9");
  });

  it("reads the token file under HF_HOME shared with the Python client", () => {
    const home = isolatedHome();
    writeFileSync(join(home, "token"), "hf_from_file");
    expect(new HubApi().options.accessToken).toBe("hf_from_file");
  });

  it("prefers explicit options over the environment", () => {
    isolatedHome();
    vi.stubEnv("HF_TOKEN", "hf_from_env");
    const hub = new HubApi({ accessToken: "hf_explicit", hubUrl: "https://hub.test" });
    expect(hub.options.accessToken).toBe("hf_explicit");
    expect(hub.hubUrl).toBe("https://hub.test");
  });

  it("has no token when none is configured", () => {
    isolatedHome();
    expect(new HubApi().options.accessToken).toBeUndefined();
    expect(new HubApi().hubUrl).toBe("https://huggingface.co");
  });
});
