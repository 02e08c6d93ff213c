// Generates the method declarations of `HubApi` from the operation records (src/operations.ts,
// src/node/operations.ts): one declaration per operation, with the operation's own JSDoc, its
// params type (token and endpoint made optional, since the client binds them) and its result.
// Editors then show each method's documentation on hover, which a mapped type cannot carry.
// usage: node scripts/generate-hub-api.mjs [--check]   (--check: exit 1 when a file is stale)
// Reads the operations' declarations from the built packages (dist/*.d.ts): build first.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const sdk = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ts = createRequire(join(sdk, "package.json"))("typescript");

const TARGETS = [
  {
    record: "src/operations.ts",
    exportName: "operations",
    output: "src/hub-api.generated.ts",
    interfaceName: "HubApiMethods",
    boundParamsFrom: "./hub-api.ts",
    summary: "The methods of `HubApi`: every edge-safe operation, bound to the client's options.",
  },
  {
    record: "src/node/operations.ts",
    exportName: "nodeOperations",
    output: "src/node/hub-api.generated.ts",
    interfaceName: "NodeHubApiMethods",
    boundParamsFrom: "../hub-api.ts",
    summary: "The extra methods of `HubApi` from `@hub/sdk/node`: the Node-only operations, bound to the client's options.",
  },
];

/** Options bound by the client, hence optional in every method. */
const BOUND = new Set(["accessToken", "hubUrl"]);
/** Global types a signature may name without an import. */
const GLOBALS = new Set([
  "Promise",
  "AsyncGenerator",
  "AsyncIterable",
  "Response",
  "Blob",
  "Date",
  "Record",
  "Array",
  "ReadonlyArray",
  "Uint8Array",
  "Partial",
  "Pick",
  "Omit",
  "URL",
]);

function createProgram() {
  const configPath = join(sdk, "tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  return ts.createProgram(
    TARGETS.map((target) => join(sdk, target.record)),
    config.options,
  );
}

/** The JSDoc block right above a node, as written, or undefined. */
function jsDocText(node) {
  const docs = node.jsDoc ?? [];
  const last = docs.at(-1);
  return last ? last.getText() : undefined;
}

/** Names of the types a type node refers to (`Promise<RepoUrl>` -> Promise, RepoUrl). */
function referencedNames(typeNode) {
  const names = new Set();
  const visit = (node) => {
    if (ts.isTypeReferenceNode(node)) names.add(node.typeName.getText().split(".")[0]);
    ts.forEachChild(node, visit);
  };
  visit(typeNode);
  return names;
}

function describeOperation(checker, property, target) {
  const name = property.name.getText();
  const local = `${target.interfaceName === "HubApiMethods" ? "Operations" : "NodeOperations"}[${JSON.stringify(name)}]`;
  let declaration;
  let moduleName;
  let doc = jsDocText(property);
  if (ts.isShorthandPropertyAssignment(property)) {
    let symbol = checker.getShorthandAssignmentValueSymbol(property);
    const importSpecifier = symbol?.declarations?.[0];
    if (importSpecifier && ts.isImportSpecifier(importSpecifier)) moduleName = importSpecifier.parent.parent.parent.moduleSpecifier.text;
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    declaration = symbol?.declarations?.find((item) => ts.isFunctionDeclaration(item));
    doc ??= declaration && jsDocText(declaration);
  } else if (ts.isPropertyAssignment(property) && ts.isArrowFunction(property.initializer)) {
    declaration = property.initializer;
  }
  if (!declaration) throw new Error(`${target.record}: cannot read the declaration of ${name}`);
  if (!doc) throw new Error(`${target.record}: ${name} has no JSDoc to show on hover`);
  const parameter = declaration.parameters[0];
  const paramsType = parameter ? checker.getTypeAtLocation(parameter) : undefined;
  const required = paramsType
    ? checker.getPropertiesOfType(paramsType).filter((item) => !(item.flags & ts.SymbolFlags.Optional) && !BOUND.has(item.name))
    : [];

  // Name the package's own types when it exports them all; otherwise derive from the record.
  const imports = new Set();
  const exported = moduleName ? exportedNames(checker, declaration, moduleName) : new Set();
  const nameable = (typeNode) => {
    if (!typeNode || !moduleName) return false;
    const names = [...referencedNames(typeNode)].filter((item) => !GLOBALS.has(item));
    if (!names.every((item) => exported.has(item))) return false;
    for (const item of names) imports.add(`${moduleName}\u0000${item}`);
    return true;
  };
  const paramsText = parameter && nameable(parameter.type) ? parameter.type.getText() : `Parameters<${local}>[0]`;
  const resultText = nameable(declaration.type) ? declaration.type.getText() : `ReturnType<${local}>`;
  return {
    name,
    doc,
    parameter: parameter ? `params${required.length ? "" : "?"}: BoundParams<${paramsText}>` : "",
    result: resultText,
    imports,
    usesRecord: paramsText.startsWith("Parameters") || resultText.startsWith("ReturnType"),
  };
}

const exportCache = new Map();
function exportedNames(checker, declaration, moduleName) {
  const file = declaration.getSourceFile();
  if (!exportCache.has(moduleName)) {
    const moduleSymbol = checker.getSymbolAtLocation(file) ?? file.symbol;
    exportCache.set(moduleName, new Set(checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name)));
  }
  return exportCache.get(moduleName);
}

function indent(doc) {
  return doc
    .split("\n")
    .map((line, index) => (index === 0 ? `  ${line.trim()}` : `   ${line.trim()}`))
    .join("\n");
}

function render(target, methods) {
  const byModule = new Map();
  for (const method of methods) {
    for (const entry of method.imports) {
      const [moduleName, name] = entry.split("\u0000");
      if (!byModule.has(moduleName)) byModule.set(moduleName, new Set());
      byModule.get(moduleName).add(name);
    }
  }
  const recordType = target.interfaceName === "HubApiMethods" ? "Operations" : "NodeOperations";
  const lines = [
    `// Generated by scripts/generate-hub-api.mjs from ${target.record}: do not edit by hand.`,
    "// Run `node scripts/generate-hub-api.mjs` in packages/sdk after changing an operation.",
    ...[...byModule.keys()]
      .sort()
      .map((moduleName) => `import type { ${[...byModule.get(moduleName)].sort().join(", ")} } from "${moduleName}";`),
    `import type { BoundParams } from "${target.boundParamsFrom}";`,
  ];
  if (methods.some((method) => method.usesRecord)) lines.push(`import type { ${recordType} } from "./operations.ts";`);
  lines.push("", `/** ${target.summary} */`, `export interface ${target.interfaceName} {`);
  methods.forEach((method, index) => {
    if (index) lines.push("");
    lines.push(indent(method.doc), `  ${method.name}(${method.parameter}): ${method.result};`);
  });
  lines.push("}", "");
  return lines.join("\n");
}

const check = process.argv.includes("--check");
const program = createProgram();
const checker = program.getTypeChecker();
let stale = 0;
for (const target of TARGETS) {
  const source = program.getSourceFile(join(sdk, target.record));
  const statement = source.statements.find(
    (item) => ts.isVariableStatement(item) && item.declarationList.declarations[0].name.getText() === target.exportName,
  );
  const initializer = statement.declarationList.declarations[0].initializer;
  const methods = initializer.properties.map((property) => describeOperation(checker, property, target));
  const text = render(target, methods);
  const output = join(sdk, target.output);
  let current = "";
  try {
    current = readFileSync(output, "utf8");
  } catch {}
  if (current === text) continue;
  if (check) {
    console.error(`${target.output} is stale: run node scripts/generate-hub-api.mjs in packages/sdk`);
    stale++;
  } else {
    writeFileSync(output, text);
    console.log(`wrote ${target.output} (${methods.length} methods)`);
  }
}
process.exit(stale ? 1 : 0);
