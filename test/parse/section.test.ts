import { describe, expect, it } from "vitest";
import { emptyRecord } from "../../src/core/types.js";
import { readSection } from "../../src/parse/section.js";

function section(target: string): string {
  const b = Buffer.from(target);
  const out = emptyRecord();
  readSection(b, 0, b.length, out);
  return out.section;
}

describe("readSection", () => {
  it.each([
    ["/api/user", "/api"],
    ["/pages/create", "/pages"],
    ["/", "/"],
    ["/index.html", "/index.html"],
    ["/api?x=1", "/api"],
    ["/api/?x=1", "/api"],
    ["/?x=1", "/"],
    ["/#top", "/"],
    ["/docs#intro", "/docs"],
    ["//double", "/"],
    ["/a/b/c/d", "/a"],
    ["http://example.com/api/x", "/api"],
    ["https://example.com:8443/shop?id=3", "/shop"],
    ["http://example.com", "/"],
    ["http://example.com?x", "/"],
    ["*", "*"],
    ["example.com:443", "example.com:443"],
    ["/caf\u00e9/menu", "/caf\u00e9"],
  ])("%s → %s", (target, expected) => {
    expect(section(target)).toBe(expected);
  });
});
