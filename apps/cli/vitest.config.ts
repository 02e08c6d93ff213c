import { packageTestConfig } from "../../vitest.shared.ts";

export default packageTestConfig({ edge: false, testTimeout: 120_000 });
