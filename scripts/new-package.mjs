// Scaffolds a library package under packages/NAME with the shared build/test/check setup.
// usage: node scripts/new-package.mjs NAME "description" [--node] [--dep @hub/core] [--dep ky@1.14.3]
import { mkdirSync, writeFileSync, existsSync } from "node:fs";

const [name, description, ...rest] = process.argv.slice(2);
const withNode = rest.includes("--node");
const deps = {};
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === "--dep") {
    const spec = rest[++i];
    const at = spec.lastIndexOf("@");
    if (at > 0) deps[spec.slice(0, at)] = spec.slice(at + 1);
    else deps[spec] = "workspace:*";
  }
}
const dir = `packages/${name}`;
mkdirSync(`${dir}/src`, { recursive: true });
const entries = { ".": "index" };
if (withNode) entries["./node"] = "node/index";
const exportsMap = {};
for (const [subpath, file] of Object.entries(entries)) {
  exportsMap[subpath] = { types: `./dist/${file}.d.ts`, default: `./dist/${file}.js` };
}
exportsMap["./package.json"] = "./package.json";
const pkg = {
  name: `@hub/${name}`,
  version: "0.1.0",
  description,
  license: "MIT",
  type: "module",
  sideEffects: false,
  main: "./dist/index.js",
  types: "./dist/index.d.ts",
  exports: exportsMap,
  files: ["dist", "README.md"],
  engines: { node: ">=20.19" },
  scripts: {
    build: "tsup",
    test: "vitest run --reporter=default --reporter=json --outputFile.json=.vitest/results.json",
    typecheck: "tsc -p tsconfig.json",
    "check:pkg": "publint --strict && attw --pack . --profile esm-only",
  },
  dependencies: deps,
};
writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + "\n");
writeFileSync(
  `${dir}/tsconfig.json`,
  JSON.stringify({ extends: "../../tsconfig.base.json", include: ["src", "test", "*.ts"] }, null, 2) + "\n",
);
writeFileSync(
  `${dir}/tsup.config.ts`,
  `import { libraryBuild } from "../../tsup.shared.ts";\n\nexport default libraryBuild(${JSON.stringify(Object.values(entries).map((f) => `src/${f}.ts`))});\n`,
);
writeFileSync(
  `${dir}/vitest.config.ts`,
  `import { packageTestConfig } from "../../vitest.shared.ts";\n\nexport default packageTestConfig();\n`,
);
if (!existsSync(`${dir}/src/index.ts`)) writeFileSync(`${dir}/src/index.ts`, `export {};\n`);
if (withNode && !existsSync(`${dir}/src/node/index.ts`)) {
  mkdirSync(`${dir}/src/node`, { recursive: true });
  writeFileSync(`${dir}/src/node/index.ts`, `export {};\n`);
}
if (!existsSync(`${dir}/README.md`)) writeFileSync(`${dir}/README.md`, `# @hub/${name}\n\n${description}\n`);
console.log(`scaffolded ${dir}`);
