import { readFileSync } from "node:fs";
import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.ts";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default mergeConfig(packageTestConfig(), { define: { __HUB_CORE_VERSION__: JSON.stringify(version) } });
