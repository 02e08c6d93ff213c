import { createHash, randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliFixture, startCliFixture } from "./helpers.ts";

// `--no-xet` on upload and download: the server offers Xet (its default); without the switch the
// CLI uploads and downloads through it, with the switch through plain LFS and the LFS bridge.

let fixture: CliFixture;
let asAlice: { env: NodeJS.ProcessEnv };
const viaXet = randomBytes(3 * 1000 * 1000 + 11);
const viaLfs = randomBytes(2 * 1000 * 1000 + 7);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const stats = () => ({ ...fixture.server.server.context.xet.stats });

beforeAll(async () => {
  fixture = await startCliFixture();
  asAlice = { env: { HF_TOKEN: fixture.server.tokens.alice } };
  await fixture.hub(["repo", "create", "alice/xet-switch"], asAlice);
  await writeFile(join(fixture.home, "xet.bin"), viaXet);
  await writeFile(join(fixture.home, "lfs.bin"), viaLfs);
});
afterAll(async () => fixture?.close());

async function xetHashOf(path: string): Promise<string | null> {
  const response = await fetch(`${fixture.server.url}/alice/xet-switch/resolve/main/${path}`, {
    method: "HEAD",
    headers: { authorization: `Bearer ${fixture.server.tokens.alice}` },
  });
  return response.headers.get("x-xet-hash");
}

describe("hub upload / download --no-xet", () => {
  it("is documented in both commands' help", async () => {
    for (const command of ["upload", "download"]) {
      const help = await fixture.hub([command, "--help"]);
      expect(help.stdout).toMatch(/--no-xet\s+\S/);
    }
  });

  it("upload goes through Xet by default, through plain LFS with --no-xet", async () => {
    const before = stats();
    expect((await fixture.hub(["upload", "alice/xet-switch", join(fixture.home, "xet.bin"), "--quiet"], asAlice)).code).toBe(0);
    const afterXet = stats();
    expect(afterXet.xorbsReceived).toBeGreaterThan(before.xorbsReceived);
    expect(await xetHashOf("xet.bin")).toMatch(/^[0-9a-f]{64}$/);

    const run = await fixture.hub(["upload", "alice/xet-switch", join(fixture.home, "lfs.bin"), "--quiet", "--no-xet"], asAlice);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(stats().xorbsReceived).toBe(afterXet.xorbsReceived);
    expect(stats().shardsReceived).toBe(afterXet.shardsReceived);
    expect(await xetHashOf("lfs.bin")).toBeNull();
  });

  it("download rebuilds a Xet file from the CAS by default, takes the bridge with --no-xet (one file and a snapshot)", async () => {
    const before = stats().reconstructions;
    const first = await fixture.json(["download", "alice/xet-switch", "xet.bin", "--cache-dir", join(fixture.home, "c1")]);
    expect(sha256(await readFile(first.path))).toBe(sha256(viaXet));
    expect(stats().reconstructions).toBe(before + 1);

    const bridged = await fixture.json(["download", "alice/xet-switch", "xet.bin", "--no-xet", "--cache-dir", join(fixture.home, "c2")]);
    expect(sha256(await readFile(bridged.path))).toBe(sha256(viaXet));
    const folder = await fixture.json(["download", "alice/xet-switch", "--no-xet", "--cache-dir", join(fixture.home, "c3")]);
    expect(sha256(await readFile(join(folder.path, "xet.bin")))).toBe(sha256(viaXet));
    expect(sha256(await readFile(join(folder.path, "lfs.bin")))).toBe(sha256(viaLfs));
    expect(stats().reconstructions).toBe(before + 1);
  });
});
