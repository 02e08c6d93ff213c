import { describe, expect, it } from "vitest";
import { redactText, redactUrl } from "./redact.ts";

describe("redaction replaces secrets, never ordinary words", () => {
  it("keeps repo names and query values that only look a bit like secrets", () => {
    expect(redactText("Repository not found: demo/hf_internal_testing")).toBe("Repository not found: demo/hf_internal_testing");
    expect(redactUrl("https://hub.test/api/models?author=alice&search=tokenizer")).toBe(
      "https://hub.test/api/models?author=alice&search=tokenizer",
    );
    expect(redactUrl("https://hub.test/api/models/demo/hf_internal_testing")).toBe("https://hub.test/api/models/demo/hf_internal_testing");
  });

  it("replaces real token values and exact secret parameter names", () => {
    expect(redactText("sent hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 here")).toBe("sent REDACTED here");
    expect(redactText("hf_alice_write_0123456789abcdefghijklmnopqrstuv")).toBe("REDACTED");
    expect(redactText("api_org_abcdefghijklmnopqrstuvwxyz")).toBe("REDACTED");
    expect(redactUrl("https://cdn.test/x?X-Amz-Signature=abc&X-Amz-Credential=def&part=1&token=t")).toBe(
      "https://cdn.test/x?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&part=1&token=REDACTED",
    );
  });
});
