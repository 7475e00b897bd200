import { describe, expect, it } from "vitest";
import { compileFilter, FilterError } from "../../src/core/filter.js";
import { KEEP_AGENT, KEEP_PATH } from "../../src/core/types.js";
import { rec } from "../stats/helpers.js";

const r = (fields: Parameters<typeof rec>[1]) => rec(0, fields);

describe("--filter expressions", () => {
  it("compares numbers, text, regular expressions, lists and status classes", () => {
    const cases: [string, Parameters<typeof rec>[1], boolean][] = [
      ["status >= 400", { status: 404 }, true],
      ["status >= 400", { status: 302 }, false],
      ["status == 5xx", { status: 503 }, true],
      ["status != 5xx", { status: 503 }, false],
      ["status in (404, 5xx)", { status: 502 }, true],
      ["bytes < 100", { bytes: 99 }, true],
      ["section == /api", { section: "/api" }, true],
      ["section != /api", { section: "/api" }, false],
      ["method in (POST, PUT)", { method: "PUT" }, true],
      ["method in (POST, PUT)", { method: "GET" }, false],
      ["path ~ ^/admin", { path: "/admin/users" }, true],
      ["path !~ ^/admin", { path: "/admin/users" }, false],
      ["host ~ ^10\\.", { host: "10.1.2.3" }, true],
      ["agent ~ 'bot|crawler'", { agent: "Googlebot/2.1" }, true],
      ["path ~ '^/(admin|login)'", { path: "/login" }, true],
      ["status >= 400 and not section == /health", { status: 500, section: "/health" }, false],
      ["status == 404 or status == 500 and method == POST", { status: 404, method: "GET" }, true],
      [
        "(status == 404 or status == 500) and method == POST",
        { status: 404, method: "GET" },
        false,
      ],
      ["NOT (method == GET)", { method: "POST" }, true],
    ];
    for (const [source, fields, want] of cases) {
      expect([source, compileFilter(source).test(r(fields))]).toEqual([source, want]);
    }
  });

  it("asks for the path and the user agent only when it reads them", () => {
    expect(compileFilter("status >= 400").keep).toBe(0);
    expect(compileFilter("path ~ x or agent ~ y").keep).toBe(KEEP_PATH | KEEP_AGENT);
  });

  it("says what is wrong and where", () => {
    const cases: [string, string][] = [
      ["", "at character 1: the expression is empty"],
      ["stauts >= 400", "at character 1: unknown field"],
      ["status >=", "at character 10: a value for status expected at the end"],
      ["status => 400", 'at character 8: unexpected "="'],
      ["status 400", "at character 8: an operator expected"],
      ["status >= abc", "at character 11: status is a number"],
      ["section > /a", "at character 11: section is text"],
      ["path ~ '['", "at character 8: not a regular expression"],
      ["status == 404 status == 500", 'at character 15: unexpected "status"'],
      ["(status == 404", "at character 15: ) expected at the end"],
      ["method in (GET PUT)", "at character 16: , or ) expected"],
      ["agent ~ 'bot", "at character 9: the quote ' is not closed"],
    ];
    for (const [source, message] of cases) {
      let error: unknown = null;
      try {
        compileFilter(source);
      } catch (err) {
        error = err;
      }
      expect(error, source).toBeInstanceOf(FilterError);
      expect((error as Error).message, source).toContain(message);
    }
  });
});
