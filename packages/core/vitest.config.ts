import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.ts";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

// "@hub/source" points `#sha256` (package.json "imports") at the TypeScript sources, and the node
// project resolves its "node" branch (node:crypto) like Node does for consumers. Vitest appends
// the "node" condition to every server-side project, so the edge project cannot reach the
// "default" branch through conditions: it maps `#sha256` to the web variant explicitly.
const conditions = ["@hub/source", "node", "import", "module", "default"];
const webSha256 = fileURLToPath(new URL("./src/hashing/sha256-web.ts", import.meta.url));
const webRuntime = fileURLToPath(new URL("./src/runtime/runtime-web.ts", import.meta.url));

const shared = packageTestConfig();
const projects = (shared.test?.projects ?? []).map((project) => {
  if (typeof project !== "object" || !("test" in project)) return project;
  if (project.test?.name === "edge")
    return {
      ...project,
      resolve: {
        alias: [
          { find: /^#sha256$/, replacement: webSha256 },
          { find: /^#runtime$/, replacement: webRuntime },
        ],
      },
    };
  return { ...project, resolve: { conditions }, environments: { ssr: { resolve: { conditions, externalConditions: conditions } } } };
});

export default mergeConfig(
  { ...shared, test: { ...shared.test, projects } },
  { define: { __HUB_CORE_VERSION__: JSON.stringify(version) } },
);
