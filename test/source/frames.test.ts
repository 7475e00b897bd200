import { describe, expect, it } from "vitest";
import { FrameSplitter, type FrameProblem } from "../../src/source/frames.js";

/** Feeds `chunks` to one splitter; the frames and the problems it gives, as text. */
function split(chunks: (string | Buffer)[], max = 1024) {
  const frames: string[] = [];
  const bad: [FrameProblem, string][] = [];
  const s = new FrameSplitter(
    {
      frame: (b, start, end) => frames.push(b.toString("latin1", start, end)),
      bad: (problem, b, start, end) => bad.push([problem, b.toString("latin1", start, end)]),
    },
    max,
  );
  for (const c of chunks) s.push(typeof c === "string" ? Buffer.from(c, "latin1") : c);
  s.end();
  return { frames, bad, pending: s.pendingBytes };
}

const octet = (msg: string) => `${Buffer.byteLength(msg)} ${msg}`;
const A = "<13>1 - a x - - - first";
const B = "<13>Dec  1 10:00:00 b x: second\nline";

describe("TCP syslog framing (RFC 6587)", () => {
  it("reads octet-counted frames, newline in the message and all", () => {
    expect(split([octet(A) + octet(B) + octet(A)])).toEqual({
      frames: [A, B, A],
      bad: [],
      pending: 0,
    });
  });

  it("reads newline-ended frames, CRLF too, and a last one without its newline", () => {
    expect(split([`${A}\n${A}\r\n\n${A}`]).frames).toEqual([A, `${A}\r`, A]);
  });

  it("reads a connection that mixes both framings", () => {
    expect(split([`${octet(A)}${A}\n${octet(A)}`]).frames).toEqual([A, A, A]);
  });

  it("reads the same frames when they arrive one byte at a time", () => {
    const stream = octet(A) + octet(B) + `${A}\n` + octet(A);
    expect(split([...stream]).frames).toEqual([A, B, A, A]);
  });

  it("counts a message longer than the limit as oversize and keeps reading after it", () => {
    const long = `<13>1 - a x - - - ${"x".repeat(2000)}`;
    const r = split([octet(long) + octet(A), `${long}\n${A}\n`], 1024);
    expect(r.frames).toEqual([A, A]);
    expect(r.bad.map(([p, text]) => [p, text.slice(0, 10)])).toEqual([
      ["oversize", "<13>1 - a "],
      ["oversize", "<13>1 - a "],
    ]);
  });

  it("holds at most the limit of 10 MB without a newline, then reads on", () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const r = split(
      [Buffer.from("<13>"), ...Array.from({ length: 160 }, () => chunk), `\n${A}\n`],
      65536,
    );
    expect(r.frames).toEqual([A]);
    expect(r.bad.map(([p]) => p)).toEqual(["oversize"]);
  });

  it("recovers from octet counts that lie: not a number, too short, too long", () => {
    const notNumber = split([`${octet(A)}12x45 junk ${octet(A)}`]);
    expect(notNumber.frames).toEqual([A, A]);
    expect(notNumber.bad.map(([p]) => p)).toEqual(["bad_octet_count"]);

    const tooShort = split([`${octet(A)}10 ${A}${octet(A)}`]);
    expect(tooShort.frames).toEqual([A, A.slice(0, 10), A]);
    expect(tooShort.bad.map(([p]) => p)).toEqual(["bad_octet_count"]);

    const tooLong = split([`${octet(A)}40 ${A}${octet(A)}${octet(A)}`]);
    expect(tooLong.frames[0]).toBe(A);
    expect(tooLong.frames[tooLong.frames.length - 1]).toBe(A);
    expect(tooLong.frames.length + tooLong.bad.length).toBeGreaterThanOrEqual(3);

    const huge = split([`${octet(A)}99999999999 ${A}${octet(A)}`]);
    expect(huge.frames).toEqual([A, A]);
    expect(huge.bad.map(([p]) => p)).toEqual(["bad_octet_count"]);

    // Before any count, digits are a line that is no syslog frame.
    const line = split([`${A}\n12x junk\n${A}\n`]);
    expect(line.frames).toEqual([A, A]);
    expect(line.bad.map(([p]) => p)).toEqual(["bad_frame"]);
  });

  it("counts a frame the connection closed in the middle of", () => {
    expect(split([`${octet(A)}100 <13>1 - a`]).bad).toEqual([["partial_frame", "<13>1 - a"]]);
  });

  it("never throws on random bytes, and holds no more than the limit", () => {
    let seed = 11;
    for (let n = 0; n < 300; n++) {
      const chunks: Buffer[] = [];
      for (let c = 0; c < 20; c++) {
        const b = Buffer.alloc((seed % 300) + 1);
        for (let i = 0; i < b.length; i++) {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          b[i] = n % 2 === 0 ? "0123456789 <>\n".charCodeAt(seed % 14) : seed & 0xff;
        }
        chunks.push(b);
      }
      const r = split(chunks, 512);
      for (const f of r.frames) expect(f.length).toBeLessThanOrEqual(512);
    }
  });
});
