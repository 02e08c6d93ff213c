import { mockFetch } from "@hub/core/testing";
import { describe, expect, it } from "vitest";
import { modelInfo } from "./model-info.ts";

describe("user agent", () => {
  it("names the package making the call and its version, then core's", async () => {
    const fetch = mockFetch({ "GET /api/models/alice/x": () => Response.json({ id: "alice/x" }) });
    await modelInfo({ hubUrl: "https://hub.test", fetch, repoId: "alice/x", userAgent: "my-app/1.0" });
    const userAgent = fetch.calls[0]?.request.headers.get("user-agent");
    // In a browser the header is not ours to set; everywhere else it carries both versions.
    if (userAgent !== null) expect(userAgent).toMatch(/^my-app\/1\.0; @hub\/sdk; repos\/(\d+\.\d+\.\d+|0\.0\.0-dev)[^;]*; core\/[^;]+/);
  });
});
