import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };
import { type CliFixture, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
beforeAll(async () => {
  fixture = await startCliFixture();
});
afterAll(async () => fixture?.close());

const PROXY_PASSWORD = "pr0xy-pa55word";

describe("hub env", () => {
  it("reports versions, paths and settings; says where the token comes from, never its value", async () => {
    const token = fixture.server.tokens.alice;
    const env = {
      HF_TOKEN: token,
      HF_HUB_DOWNLOAD_TIMEOUT: "7",
      HF_HUB_DISABLE_PROGRESS_BARS: "1",
      HTTPS_PROXY: `http://someone:${PROXY_PASSWORD}@proxy.local:3128`,
      NO_PROXY: "localhost,127.0.0.1",
    };
    const report = await fixture.json(["env"], { env });
    expect(report).toMatchObject({
      cli: packageJson.version,
      node: process.version,
      endpoint: fixture.server.url,
      hfHome: fixture.env.HF_HOME,
      hubCache: join(fixture.env.HF_HOME!, "hub"),
      tokenPath: join(fixture.env.HF_HOME!, "token"),
      storedTokensPath: join(fixture.env.HF_HOME!, "stored_tokens"),
      token: { set: true, source: "HF_TOKEN" },
      offline: false,
      progressBars: false,
      downloadTimeoutSeconds: 7,
      proxies: { HTTPS_PROXY: "http://***@proxy.local:3128", NO_PROXY: "localhost,127.0.0.1" },
    });
    expect(report.packages["@hub/sdk"]).toBe(packageJson.version);
    expect(report.packages["@hub/core"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.variables).toMatchObject({ HF_HUB_DOWNLOAD_TIMEOUT: "7", HF_HUB_OFFLINE: null });

    const plain = await fixture.hub(["env"], { env });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^token:\s+set \(from HF_TOKEN\)$/m);
    expect(plain.stdout).toMatch(/^HTTPS_PROXY:\s+http:\/\/\*\*\*@proxy\.local:3128$/m);
    for (const output of [JSON.stringify(report), plain.stdout, plain.stderr]) {
      expect(output).not.toContain(token);
      expect(output).not.toContain(PROXY_PASSWORD);
    }
  });

  it("a token from --token or the saved file is reported by its source only; none is 'not set'", async () => {
    const token = fixture.server.tokens.bob;
    const flag = await fixture.hub(["--token", token, "env"]);
    expect(flag.stdout).toMatch(/^token:\s+set \(from --token\)$/m);
    expect(flag.stdout + flag.stderr).not.toContain(token);

    expect((await fixture.json(["env"])).token).toEqual({ set: false, source: null });
    await mkdir(fixture.env.HF_HOME!, { recursive: true });
    await writeFile(join(fixture.env.HF_HOME!, "token"), token);
    const saved = await fixture.hub(["env", "--json"], { env: { HF_HUB_OFFLINE: "1" } });
    expect(JSON.parse(saved.stdout)).toMatchObject({ token: { set: true, source: "token file" }, offline: true });
    expect(saved.stdout).not.toContain(token);
  });

  it("an endpoint with credentials in its URL is shown without them", async () => {
    const url = new URL(fixture.server.url);
    const withCredentials = `http://hub-user:${PROXY_PASSWORD}@${url.host}`;
    const report = await fixture.json(["env"], { env: { HF_ENDPOINT: withCredentials } });
    expect(report.endpoint).toBe(`http://***@${url.host}`);
    expect(report.variables.HF_ENDPOINT).toBe(`http://***@${url.host}`);
    expect(JSON.stringify(report)).not.toContain(PROXY_PASSWORD);
  });
});
