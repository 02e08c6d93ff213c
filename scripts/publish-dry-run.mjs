// `changeset publish` readiness: runs `pnpm publish -r --dry-run` (what changesets calls under
// pnpm: pack with workspace ranges rewritten and publishConfig applied, then npm publish) and
// fails unless every publishable package would be published. Nothing leaves the machine.
import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { publishablePackages } from "./pack.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { stdout } = await promisify(execFile)(
  "bash",
  [join(root, "scripts/pnpm.sh"), "publish", "--recursive", "--dry-run", "--no-git-checks"],
  { cwd: root, maxBuffer: 64 * 1024 * 1024 },
);
const published = new Set(
  stdout
    .split("\n")
    .filter((line) => line.startsWith("+ "))
    .map((line) => line.slice(2).trim()),
);
const missing = publishablePackages()
  .map(({ manifest }) => `${manifest.name}@${manifest.version}`)
  .filter((id) => !published.has(id));
if (missing.length) {
  console.error(`publish dry run: not published: ${missing.join(", ")}`);
  process.exit(1);
}
console.log(`publish dry run: ${published.size} packages ready (${[...published].sort().join(", ")})`);
