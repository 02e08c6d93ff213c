import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.ts";

// "@hub/source" points `#environment` (package.json "imports") at the TypeScript sources. The
// node project resolves its "node" branch as Node does for consumers; vitest adds the "node"
// condition to every project, so the edge project maps `#environment` to the web variant itself.
const conditions = ["@hub/source", "node", "import", "module", "default"];
const webEnvironment = fileURLToPath(new URL("./src/environment/web.ts", import.meta.url));

const shared = packageTestConfig();
const projects = (shared.test?.projects ?? []).map((project) => {
  if (typeof project !== "object" || !("test" in project)) return project;
  if (project.test?.name === "edge") return { ...project, resolve: { alias: [{ find: /^#environment$/, replacement: webEnvironment }] } };
  return { ...project, resolve: { conditions }, environments: { ssr: { resolve: { conditions, externalConditions: conditions } } } };
});

export default defineConfig({ ...shared, test: { ...shared.test, projects } });
