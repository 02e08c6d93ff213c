import fg from "fast-glob";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

interface Manifest {
  name: string;
  private?: boolean;
  license?: string;
  repository?: { url?: string; directory?: string };
  homepage?: string;
  files?: string[];
  dependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
  typesVersions?: Record<string, Record<string, string[]>>;
  imports?: Record<string, Record<string, unknown>>;
  publishConfig?: { imports?: Record<string, Record<string, unknown>> };
}

const publishable = fg
  .sync(["packages/*/package.json", "apps/*/package.json"], { cwd: root })
  .sort()
  .map((file) => ({ dir: dirname(file), manifest: JSON.parse(readFileSync(join(root, file), "utf8")) as Manifest }))
  .filter(({ manifest }) => manifest.private !== true);

describe("published manifests", () => {
  it("cover the eight libraries, the CLI and the server", () => {
    expect(publishable.map(({ manifest }) => manifest.name)).toHaveLength(10);
  });

  it.each(publishable.map(({ dir, manifest }) => [manifest.name, dir, manifest] as const))(
    "%s: license, repository, homepage, LICENSE shipped",
    (_name, dir, manifest) => {
      expect(manifest.license).toBe("MIT");
      expect(manifest.repository?.directory).toBe(dir);
      expect(manifest.homepage).toMatch(/^https:\/\//);
      expect(manifest.files).toContain("LICENSE");
      expect(readFileSync(join(root, dir, "LICENSE"), "utf8")).toContain("MIT License");
    },
  );

  it.each(publishable.map(({ manifest }) => [manifest.name, manifest] as const))(
    "%s: runtime dependencies are caret ranges or workspace packages",
    (_name, manifest) => {
      for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
        expect(range, name).toMatch(/^(\^\d+\.\d+\.\d+|workspace:\*)$/);
      }
    },
  );

  it.each(publishable.map(({ manifest }) => [manifest.name, manifest] as const))(
    "%s: every subpath has typesVersions (node10) pointing at its declarations",
    (_name, manifest) => {
      const subpaths = Object.entries(manifest.exports ?? {}).filter(([key, value]) => key !== "." && typeof value === "object");
      for (const [key, value] of subpaths) {
        const types = (value as { types: string }).types;
        expect(manifest.typesVersions?.["*"]?.[key.slice(2)], key).toEqual([types]);
        expect(types, key).toMatch(/^\.\/dist\//);
      }
    },
  );

  it.each(publishable.filter(({ manifest }) => manifest.imports).map(({ manifest }) => [manifest.name, manifest] as const))(
    "%s: published `imports` drop the private @hub/source condition and point only into dist",
    (_name, manifest) => {
      const published = manifest.publishConfig?.imports;
      expect(Object.keys(published ?? {})).toEqual(Object.keys(manifest.imports ?? {}));
      const text = JSON.stringify(published);
      expect(text).not.toContain("@hub/source");
      expect(text).not.toContain("./src/");
      for (const target of text.match(/"\.\/[^"]+"/g) ?? []) expect(target).toMatch(/^"\.\/dist\/.+\.js"$/);
    },
  );

  it("the root carries the MIT LICENSE", () => {
    expect(existsSync(join(root, "LICENSE"))).toBe(true);
  });
});
