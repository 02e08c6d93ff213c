// Packs every publishable workspace package into one folder with `pnpm pack`, which rewrites
// `workspace:*` to real versions and applies `publishConfig` (the published `imports`), exactly
// as `changeset publish` would. Prints the npm command that installs the SDK from those tarballs.
// usage: node scripts/pack.mjs [out-dir]     (default: packs/)
import fg from "fast-glob";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The workspace packages that `changeset publish` would publish (every non-private one). */
export function publishablePackages() {
  return fg
    .sync(["packages/*/package.json", "apps/*/package.json"], { cwd: root })
    .sort()
    .map((file) => ({ dir: dirname(file), manifest: JSON.parse(readFileSync(join(root, file), "utf8")) }))
    .filter(({ manifest }) => manifest.private !== true);
}

/** The tarball name pnpm gives a package: `@hub/core@0.1.0` -> `hub-core-0.1.0.tgz`. */
export function tarballName({ name, version }) {
  return `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`;
}

/** Packs every publishable package into `outDir` (emptied first); returns the packages. */
export async function packAll(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const packages = publishablePackages();
  // One recursive pnpm run (one start-up instead of one per package).
  const filters = packages.map(({ dir }) => `--filter=./${dir}`);
  await promisify(execFile)("bash", [join(root, "scripts/pnpm.sh"), "--recursive", ...filters, "pack", "--pack-destination", outDir], {
    cwd: root,
  });
  for (const { manifest } of packages) {
    if (!existsSync(join(outDir, tarballName(manifest)))) throw new Error(`pnpm pack left no tarball for ${manifest.name}`);
  }
  return packages;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(root, "packs"));
  const packages = await packAll(outDir);
  const shown = relative(process.cwd(), outDir) || ".";
  for (const { manifest } of packages) console.log(`${shown}/${tarballName(manifest)}`);
  const libraries = packages.filter(({ dir }) => dir.startsWith("packages/"));
  console.log(`\nInstall the SDK in your project (all ${libraries.length} tarballs together, they depend on each other):`);
  console.log(`  npm install ${libraries.map(({ manifest }) => `${outDir}/${tarballName(manifest)}`).join(" ")}`);
}
