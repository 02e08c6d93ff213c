import { isHubError } from "@hub/core";
import { describe, expect, it } from "vitest";
import {
  checkCommitId,
  checkEtag,
  checkInside,
  checkRefName,
  checkRepoPath,
  checkListedFile,
  checkSha256,
  refNameProblem,
  UnsafePathError,
} from "./safe-paths.ts";

function thrown(run: () => unknown): UnsafePathError {
  try {
    run();
  } catch (error) {
    return error as UnsafePathError;
  }
  throw new Error("expected an UnsafePathError");
}

describe("checkRepoPath", () => {
  it.each(["a.txt", "dir/sub/é x.bin", ".gitattributes", "a..b/c", "dir/.hidden", "n".repeat(255), `${"d/".repeat(2047)}f`])(
    "accepts %j",
    (path) => {
      expect(checkRepoPath(path, "test")).toBe(path);
    },
  );

  it.each([
    ["", "must not be empty"],
    ["../x", '".." segments'],
    ["a/../../x", '".." segments'],
    ["./a", '".." segments'],
    ["/etc/passwd", "relative"],
    ["a\\..\\b", "backslash"],
    ["C:/x", "drive letter"],
    ["c:x", "drive letter"],
    ["a\0b", "control characters"],
    ["a\nb", "control characters"],
    ["a\u007f", "control characters"],
    ["a//b", "empty segments"],
    ["a/", "empty segments"],
    [".git/hooks/pre-commit", '".git"'],
    ["x/.GIT/config", '".git"'],
    ["n".repeat(256), "255 bytes"],
    ["a".repeat(4097), "4096 bytes"],
  ])("refuses %j (%s)", (path, rule) => {
    const error = thrown(() => checkRepoPath(path, "siblings[0].rfilename"));
    expect(error).toBeInstanceOf(UnsafePathError);
    expect(isHubError(error)).toBe(true);
    expect(error.rule).toContain(rule);
    expect(error.source).toBe("siblings[0].rfilename");
    expect(error.value).toBe(path);
  });

  it("shows at most 120 characters of a huge value, and says how long it was", () => {
    const error = thrown(() => checkRepoPath(`../${"a".repeat(5000)}`, "file path"));
    expect(error.message.length).toBeLessThan(300);
    expect(error.message).toContain("(5003 characters)");
  });
});

describe("ids, ETags and ref names", () => {
  it("checks commit ids and sha256s as lowercase hex of the right length", () => {
    expect(checkCommitId("a".repeat(40), "X-Repo-Commit header")).toBe("a".repeat(40));
    expect(checkSha256("b".repeat(64), "lfs.sha256")).toBe("b".repeat(64));
    expect(thrown(() => checkCommitId("A".repeat(40), "X-Repo-Commit header")).message).toBe(
      `Unsafe X-Repo-Commit header "${"A".repeat(40)}": must be a commit id (40 hex digits); nothing was written`,
    );
    expect(thrown(() => checkCommitId("../x", "sha")).rule).toContain("40 hex");
    expect(thrown(() => checkSha256("b".repeat(63), "lfs.sha256")).rule).toContain("64 hex");
    expect(thrown(() => checkCommitId(undefined as unknown as string, "sha")).rule).toBe("must be a string");
  });

  it.each(["a".repeat(40), "b".repeat(64), "d41d8cd98f00b204e9800998ecf8427e-3"])("accepts the ETag %s", (etag) => {
    expect(checkEtag(etag, "ETag")).toBe(etag);
  });

  it.each(["", "../x", "a/b", "a.b", ".incomplete", "a b", `"quoted"`, "x".repeat(129)])("refuses the ETag %j", (etag) => {
    expect(thrown(() => checkEtag(etag, "ETag")).source).toBe("ETag");
  });

  it.each(["main", "refs/pr/1", "refs/convert/parquet", "v1.0", "release-2024", "a".repeat(40), "HEAD"])(
    "accepts the ref name %s",
    (name) => {
      expect(checkRefName(name, "revision")).toBe(name);
    },
  );

  it.each([
    ["../x", '".."'],
    ["refs/../x", '".."'],
    ["a..b", '".."'],
    ["/main", "start or end with /"],
    ["main/", "start or end with /"],
    ["a//b", "//"],
    [".hidden", 'starting with "."'],
    ["refs/.x", 'starting with "."'],
    ["x.lock", '".lock"'],
    ["x.", 'end with "."'],
    ["@", '"@"'],
    ["a@{1}", '"@{"'],
    ["a:b", "~ ^ : ? * ["],
    ["a\\b", "~ ^ : ? * ["],
    ["a\nb", "control characters"],
    ["", "must not be empty"],
  ])("refuses the ref name %j", (name, rule) => {
    expect(refNameProblem(name)).toContain(rule);
  });
});

describe("checkInside", () => {
  it("accepts the root and paths below it, with either separator", () => {
    expect(checkInside("/cache", "/cache", "x", "s")).toBe("/cache");
    expect(checkInside("/cache/", "/cache/a/b", "x", "s")).toBe("/cache/a/b");
    expect(checkInside("C:\\cache", "C:\\cache\\a", "x", "s")).toBe("C:\\cache\\a");
  });

  it("refuses siblings that share the prefix, and parents", () => {
    expect(thrown(() => checkInside("/cache", "/cache-evil/a", "../cache-evil/a", "file path")).rule).toBe('resolves outside "/cache"');
    expect(thrown(() => checkInside("/cache", "/", "..", "file path"))).toBeInstanceOf(UnsafePathError);
  });
});

describe("checkListedFile", () => {
  it("names the field of the listing that is unsafe", () => {
    const file = { path: "ok.bin", blobId: "a".repeat(40), lfs: { sha256: "../x", size: 1, pointerSize: undefined } };
    expect(thrown(() => checkListedFile(file, 7)).source).toBe("entry 7 (lfs.oid) of the tree listing");
    expect(thrown(() => checkListedFile({ ...file, blobId: "../x" }, 2)).source).toBe("entry 2 (oid) of the tree listing");
    expect(thrown(() => checkListedFile({ ...file, path: "../x", lfs: undefined }, 3)).source).toBe("entry 3 (path) of the tree listing");
    expect(() => checkListedFile({ ...file, lfs: undefined }, 0)).not.toThrow();
  });
});
