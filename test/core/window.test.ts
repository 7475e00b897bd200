import { describe, expect, it } from "vitest";
import { RateWindow } from "../../src/core/window.js";

describe("RateWindow: counts per second, judged up to an end", () => {
  it("keeps seconds read ahead of the judged one out of the hits until the end reaches them", () => {
    const w = new RateWindow(10, 10);
    w.advanceTo(100);
    w.add(103);
    w.add(103);
    w.add(100);
    expect(w.hits).toBe(1);
    w.advanceTo(102);
    expect(w.hits).toBe(1);
    w.advanceTo(103);
    expect(w.hits).toBe(3);
    // Second 100 leaves the window of 110: (100, 110].
    w.advanceTo(110);
    expect(w.hits).toBe(2);
  });

  it("counts a late line at once when it is inside the window, and refuses what it cannot hold", () => {
    const w = new RateWindow(10, 5);
    w.advanceTo(50);
    expect(w.add(45)).toBe(true);
    expect(w.hits).toBe(1);
    expect(w.add(40)).toBe(false);
    expect(w.add(56)).toBe(true);
    expect(w.add(57)).toBe(false);
    expect(w.hits).toBe(1);
  });

  it("says where the next counted second after the judged one is", () => {
    const w = new RateWindow(10, 10);
    w.advanceTo(20);
    expect(w.nextCounted()).toBeNull();
    w.add(27);
    w.add(24);
    w.add(19);
    expect(w.nextCounted()).toBe(24);
  });

  it("agrees with counting every line again, whatever the order of adds and the size of steps", () => {
    let seed = 3;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const w = new RateWindow(30, 30);
    const seen: number[] = [];
    let end = 1000;
    w.advanceTo(end);
    for (let round = 0; round < 2000; round++) {
      const t = end - 29 + random(60);
      if (w.add(t)) seen.push(t);
      if (random(4) === 0) {
        end += random(3) === 0 ? 1 + random(80) : 1;
        w.advanceTo(end);
      }
      const expected = seen.filter((s) => s > end - 30 && s <= end).length;
      expect(w.hits).toBe(expected);
      expect(w.held).toBe(seen.filter((s) => s > end - 30).length);
    }
  });
});
