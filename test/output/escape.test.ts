import { describe, expect, it } from "vitest";
import { escapeControl } from "../../src/output/escape.js";

describe("escapeControl", () => {
  it("leaves printable text, including non-ASCII, alone", () => {
    expect(escapeControl("/café/menu ✓")).toBe("/café/menu ✓");
  });

  it("shows escape sequences and control characters as \\xHH", () => {
    expect(escapeControl("/\u001b[2J\u001b]0;pwned\u0007x")).toBe("/\\x1b[2J\\x1b]0;pwned\\x07x");
    expect(escapeControl("\u0000a\tb\r\n\u007f\u009b")).toBe("\\x00a\\x09b\\x0d\\x0a\\x7f\\x9b");
  });
});

describe("bidirectional and invisible controls", () => {
  it("are escaped in every output, so they cannot reorder what a person reads", () => {
    expect(escapeControl("/a\u202eb\u2066c\u2069d\u200ee\u200ff\u061cg\ufeff")).toBe(
      "/a\\u202eb\\u2066c\\u2069d\\u200ee\\u200ff\\u061cg\\ufeff",
    );
    expect(escapeControl("/中文 é ☃")).toBe("/中文 é ☃");
  });
});
