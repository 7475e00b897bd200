import { describe, expect, it } from "vitest";
import { parseSize } from "../../src/core/size.js";

describe("parseSize", () => {
  it("reads bytes and units of 1,024, and nothing else", () => {
    expect(["65536", "64k", "64KiB", "50MiB", "5 MiB", "1GB", "2g"].map(parseSize)).toEqual([
      65536, 65536, 65536, 52428800, 5242880, 1073741824, 2147483648,
    ]);
    for (const bad of ["", "x", "1.5M", "-1", "10 TB", "KiB"]) expect(parseSize(bad)).toBeNull();
  });
});
