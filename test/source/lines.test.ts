import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../src/source/lines.js";

function splitter(max?: number) {
  const lines: string[] = [];
  let oversize = 0;
  const s = new LineSplitter(
    (buf, start, end) => lines.push(buf.toString("utf8", start, end)),
    () => oversize++,
    max,
  );
  return { s, lines, oversize: () => oversize };
}

describe("LineSplitter", () => {
  it("splits one chunk into lines and keeps the unterminated tail for later", () => {
    const { s, lines } = splitter();
    s.push(Buffer.from("a\nbb\nccc"));
    expect(lines).toEqual(["a", "bb"]);
    expect(s.pendingBytes).toBe(3);
    s.push(Buffer.from("c\n"));
    expect(lines).toEqual(["a", "bb", "cccc"]);
    expect(s.pendingBytes).toBe(0);
  });

  it("gives the same lines whatever the chunking, down to one byte at a time", () => {
    const text = "first line\r\nsecond é line\n\nfourth ✓ line\nlast";
    const whole = splitter();
    whole.s.push(Buffer.from(text));
    whole.s.end();
    const bytes = Buffer.from(text);
    for (const size of [1, 2, 3, 7]) {
      const { s, lines } = splitter();
      for (let i = 0; i < bytes.length; i += size) s.push(bytes.subarray(i, i + size));
      s.end();
      expect(lines).toEqual(whole.lines);
    }
    expect(whole.lines).toEqual(["first line", "second é line", "", "fourth ✓ line", "last"]);
  });

  it("removes the CR of CRLF even when CR and LF arrive in different chunks", () => {
    const { s, lines } = splitter();
    s.push(Buffer.from("a\r"));
    s.push(Buffer.from("\nb\r\n"));
    expect(lines).toEqual(["a", "b"]);
  });

  it("emits a last line without newline at end, and nothing for an empty tail", () => {
    const { s, lines } = splitter();
    s.push(Buffer.from("x\n"));
    s.end();
    expect(lines).toEqual(["x"]);
    s.push(Buffer.from("y"));
    s.end();
    expect(lines).toEqual(["x", "y"]);
  });

  it("drops a line longer than the limit, once, and goes on with the next", () => {
    const { s, lines, oversize } = splitter(10);
    s.push(Buffer.from("ok\n0123456789ABCDEF\nfine\n"));
    expect(lines).toEqual(["ok", "fine"]);
    expect(oversize()).toBe(1);
  });

  it("drops an oversize line spread over many chunks with bounded memory", () => {
    const { s, lines, oversize } = splitter(1024);
    s.push(Buffer.from("before\nstart"));
    for (let i = 0; i < 100; i++) s.push(Buffer.alloc(1000, 0x61));
    expect(s.pendingBytes).toBe(0);
    s.push(Buffer.from("end\nafter\n"));
    expect(lines).toEqual(["before", "after"]);
    expect(oversize()).toBe(1);
  });

  it("keeps a line of exactly the limit", () => {
    const { s, lines, oversize } = splitter(4);
    s.push(Buffer.from("ab"));
    s.push(Buffer.from("cd\nabcd\n"));
    expect(lines).toEqual(["abcd", "abcd"]);
    expect(oversize()).toBe(0);
  });
});

describe("LineSplitter's file offsets", () => {
  function offsets() {
    const got: [string, number][] = [];
    const s = new LineSplitter(
      (buf, start, end, offset) => got.push([buf.toString("utf8", start, end), offset]),
      () => undefined,
    );
    return { s, got };
  }

  it("gives where each line starts in its file, across chunks and CRLF", () => {
    const { s, got } = offsets();
    const file = "a\nbb\r\nccc\ndd";
    s.push(Buffer.from(file.slice(0, 4)), 100);
    s.push(Buffer.from(file.slice(4, 9)), 104);
    s.push(Buffer.from(file.slice(9)), 109);
    s.end();
    expect(got).toEqual([
      ["a", 100],
      ["bb", 102],
      ["ccc", 106],
      ["dd", 110],
    ]);
    for (const [line, at] of got) expect(file.slice(at - 100, at - 100 + line.length)).toBe(line);
  });

  it("gives -1 for bytes without offsets, and for a line whose bytes did not follow on", () => {
    const { s, got } = offsets();
    s.push(Buffer.from("a\nb"));
    s.push(Buffer.from("c\nd"), 50);
    s.push(Buffer.from("e\nf"), 60);
    s.push(Buffer.from("g\n"), 63);
    expect(got).toEqual([
      ["a", -1],
      ["bc", -1],
      ["de", -1],
      ["fg", 62],
    ]);
  });
});
