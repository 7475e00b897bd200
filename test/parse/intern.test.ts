import { describe, expect, it } from "vitest";
import { HASH_SEED, hashByte } from "../../src/core/hash.js";
import { StringPool } from "../../src/parse/intern.js";

const run = (pool: StringPool, text: string | Buffer) => {
  const b = Buffer.concat([Buffer.from("xx "), Buffer.from(text), Buffer.from(" yy")]);
  let h = HASH_SEED;
  for (let i = 3; i < b.length - 3; i++) h = hashByte(h, b[i] as number);
  return pool.hashed(b, 3, b.length - 3, h);
};

describe("StringPool", () => {
  it("gives the decoded text for repeated and new bytes", () => {
    const pool = new StringPool("latin1", 4);
    const first = run(pool, "10.0.0.1");
    expect(first).toBe("10.0.0.1");
    expect(run(pool, "10.0.0.1")).toBe(first);
    expect(run(pool, "10.0.0.2")).toBe("10.0.0.2");
  });

  it("stays right when many keys share few slots", () => {
    const pool = new StringPool("latin1", 1);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 50; i++) expect(run(pool, `host-${i}`)).toBe(`host-${i}`);
    }
    expect(run(pool, "")).toBe("");
  });

  it("decodes latin1 byte for byte, and UTF-8 as UTF-8, never mixing the two", () => {
    const latin = new StringPool("latin1", 4);
    expect(run(latin, Buffer.from([0xe9]))).toBe("\u00e9");
    expect(run(latin, Buffer.from([0xe9]))).toBe("\u00e9");
    const utf8 = new StringPool("utf8", 1);
    expect(run(utf8, Buffer.from("/é", "utf8"))).toBe("/é");
    expect(run(utf8, Buffer.from([0x2f, 0xe9]))).toBe("/\ufffd");
    expect(run(utf8, Buffer.from("/é", "utf8"))).toBe("/é");
    expect(run(utf8, "/api")).toBe("/api");
  });

  it("decodes long runs without caching them", () => {
    const pool = new StringPool("latin1", 2);
    const long = "a".repeat(100);
    expect(run(pool, long)).toBe(long);
    expect(run(pool, long)).toBe(long);
  });

  it("stays right through a flood of runs seen once between repeated ones", () => {
    const pool = new StringPool("utf8", 1);
    for (let i = 0; i < 200; i++) {
      expect(run(pool, "/popular")).toBe("/popular");
      expect(run(pool, `/once/${i}`)).toBe(`/once/${i}`);
      expect(run(pool, `/once/${i}é`)).toBe(`/once/${i}é`);
    }
  });
});
