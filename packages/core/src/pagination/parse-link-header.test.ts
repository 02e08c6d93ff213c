import { describe, expect, it } from "vitest";
import { parseLinkHeader, TOKEN } from "./parse-link-header.ts";

describe("parseLinkHeader", () => {
  it("parses the Hub's next link (absolute URL with query)", () => {
    const header =
      '<https://huggingface.co/api/datasets/bigscience/P3/tree/main?recursive=1&cursor=ZXlKbWFXeGxYMjVoYldVaU9pSjRJbjA9>; rel="next"';
    expect(parseLinkHeader(header)).toEqual({
      next: "https://huggingface.co/api/datasets/bigscience/P3/tree/main?recursive=1&cursor=ZXlKbWFXeGxYMjVoYldVaU9pSjRJbjA9",
    });
  });

  it("handles several links, several rels, unquoted rels, commas in URLs and quoted parameters", () => {
    const header = [
      '<https://hub.test/api/models?cursor=a,b>; rel="next"; title="a; b, c"',
      "<https://hub.test/api/models?p=9>;rel=last",
      '<https://hub.test/api/models?p=0>; rel="first prev"',
      '<https://hub.test/other>; rel="next"',
    ].join(", ");
    expect(parseLinkHeader(header)).toEqual({
      next: "https://hub.test/api/models?cursor=a,b",
      last: "https://hub.test/api/models?p=9",
      first: "https://hub.test/api/models?p=0",
      prev: "https://hub.test/api/models?p=0",
    });
  });

  it("reads spaced and escaped parameters, ignores other parameters and text around links", () => {
    expect(parseLinkHeader('junk <https://hub.test/a>; title="rel=prev"; REL = "ne\\xt", <https://hub.test/b> ; rel= "last"')).toEqual({
      next: "https://hub.test/a",
      last: "https://hub.test/b",
    });
    expect(parseLinkHeader('<https://hub.test/a>; rel=""; rel=next')).toEqual({});
  });

  it("resolves relative targets against a base URL and skips unusable ones", () => {
    expect(parseLinkHeader('</api/models?cursor=x>; rel="next"', "https://hub.test/api/models")).toEqual({
      next: "https://hub.test/api/models?cursor=x",
    });
    expect(parseLinkHeader('</relative>; rel="next"')).toEqual({});
    expect(parseLinkHeader('<https://hub.test/a>; title="no rel"')).toEqual({});
    expect(parseLinkHeader("")).toEqual({});
    expect(parseLinkHeader(null)).toEqual({});
    expect(parseLinkHeader('<https://hub.test/a>; rel="__proto__"').__proto__).toBe("https://hub.test/a");
  });

  it.each([
    ["unclosed brackets", "<".repeat(100_000)],
    ["brackets and semicolons", "<a>;".repeat(25_000)],
    ["open quotes", `<https://x.test/>; rel="${'\\"'.repeat(50_000)}`],
    ["spaces after semicolon", `<https://x.test/>;${" ".repeat(100_000)}rel=next`],
    ["commas and brackets", "<,>,".repeat(25_000)],
    ["rel soup", `<https://x.test/>; rel="${"next ".repeat(20_000)}"`],
    ["trailing backslash", `<https://x.test/>; rel="${"a".repeat(100_000)}\\`],
  ])("scans a hostile 100 kB header (%s) in one forward pass", (_, header) => {
    expect(header.length).toBeGreaterThanOrEqual(100_000);
    // Deterministic form of "linear time": every match starts exactly where the previous one
    // ended (the engine never retries from later start positions, the source of quadratic scans)
    // and the matches cover the whole header, so each character is consumed once.
    let end = 0;
    let gaps = 0;
    let tokens = 0;
    for (const match of header.matchAll(TOKEN)) {
      if (match.index !== end || match[0].length === 0) gaps++;
      end = match.index + match[0].length;
      tokens++;
    }
    expect(gaps).toBe(0);
    expect(end).toBe(header.length);
    expect(tokens).toBeLessThanOrEqual(header.length);
    expect(typeof parseLinkHeader(header, "https://x.test/")).toBe("object");
  });

  it("tiles inputs that stop in the middle of every token kind", () => {
    for (const header of ["<https://a.test/", '"abc\\', '<a>; rel="x', "a=", ";", "<", '"']) {
      const matches = [...header.matchAll(TOKEN)];
      expect(matches.map((match) => match[0]).join("")).toBe(header);
    }
  });
});
