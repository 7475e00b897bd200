import { describe, expect, it } from "vitest";
import { emptyRecord, type LogRecord } from "../../src/core/types.js";
import { autoParser, parserFactory } from "../../src/parse/detect.js";
import { compileApache, compileNginx } from "../../src/parse/formats.js";
import { jsonParser } from "../../src/parse/jsonl.js";
import { DIRECTIVE, type LineParser } from "../../src/parse/parser.js";
import { templateParser } from "../../src/parse/template.js";
import { w3cParser } from "../../src/parse/w3c.js";

const T = Date.UTC(2026, 10, 21, 8, 0, 0) / 1000;

function run(parser: LineParser, line: string): LogRecord | string {
  const rec = emptyRecord();
  const b = Buffer.from(line);
  const result = parser.parse(b, 0, b.length, rec);
  return result ?? { ...rec };
}

describe("nginx log_format strings", () => {
  it("accepts the log_format line as pasted from nginx.conf, quoted parts joined", () => {
    const t = compileNginx(
      `log_format main '$remote_addr - $remote_user [$time_local] "$request" '\n    '$status $body_bytes_sent';`,
    );
    expect(t.name).toBe(
      `nginx '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent'`,
    );
    expect(
      run(templateParser(t), '1.2.3.4 - - [21/Nov/2026:09:00:00 +0100] "GET /a/b HTTP/1.1" 200 5'),
    ).toMatchObject({
      time: T,
      host: "1.2.3.4",
      section: "/a",
      status: 200,
      bytes: 5,
    });
  });

  it("reads $time_iso8601, $msec, ${braced} names, $request_time and $host", () => {
    const p = templateParser(
      compileNginx(
        "${time_iso8601}|$remote_addr|$request_method $request_uri|$status|$request_time|$host",
      ),
    );
    expect(run(p, "2026-11-21T08:00:00Z|::1|PUT /x/y?z|204|0.250|a.example")).toMatchObject({
      time: T,
      host: "::1",
      method: "PUT",
      section: "/x",
      status: 204,
      latencyMs: 250,
      vhost: "a.example",
    });
    const m = templateParser(compileNginx('$msec "$request" $status'));
    expect(run(m, `${T}.734 "GET / HTTP/1.1" 200`)).toMatchObject({ time: T, section: "/" });
  });

  it("reads upstream lists through their separators and skips unknown variables", () => {
    const p = templateParser(
      compileNginx("[$time_local] $upstream_response_time $status $connection $host"),
    );
    expect(run(p, "[21/Nov/2026:08:00:00 +0000] 0.010, 0.002 : 0.001 503 42 shop")).toMatchObject({
      status: 503,
      vhost: "shop",
    });
  });

  it("says which part of a line does not fit", () => {
    const p = templateParser(compileNginx('$remote_addr [$time_local] "$request" $status'));
    expect(run(p, "1.2.3.4 21/Nov/2026:08:00:00 +0000")).toBe("bad_field");
    expect(run(p, '1.2.3.4 [yesterday at noon] "GET / HTTP/1.1" 200')).toBe("bad_timestamp");
    expect(run(p, '1.2.3.4 [21/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1" OK')).toBe("bad_status");
    expect(run(p, "")).toBe("empty");
  });
});

describe("Apache LogFormat strings", () => {
  it('reads %h %t \\"%r\\" %>s %b %D %v from the LogFormat line, with escaped quotes', () => {
    const p = templateParser(
      compileApache(String.raw`LogFormat "%h %l %u %t \"%r\" %>s %b %D %v" t`),
    );
    expect(
      run(
        p,
        '10.0.0.1 - bob [21/Nov/2026:01:00:00 -0700] "GET /x HTTP/1.1" 200 - 1500 www.example',
      ),
    ).toMatchObject({
      time: T,
      host: "10.0.0.1",
      status: 200,
      bytes: 0,
      latencyMs: 1.5,
      vhost: "www.example",
    });
  });

  it("reads %{…}t time formats, %{ms}T and %U%q together", () => {
    const iso = templateParser(compileApache('%{%Y-%m-%dT%H:%M:%S%z}t %a "%m %U%q" %s %{ms}T'));
    expect(run(iso, '2026-11-21T08:00:00+0000 ::1 "POST /api/v1?x=1" 201 12')).toMatchObject({
      time: T,
      method: "POST",
      section: "/api",
      status: 201,
      latencyMs: 12,
    });
    const sec = templateParser(compileApache("%{sec}t %h %>s"));
    expect(run(sec, `${T} 1.1.1.1 404`)).toMatchObject({ time: T, status: 404 });
    const msec = templateParser(compileApache("%{msec}t %h %>s %%"));
    expect(run(msec, `${T * 1000} 1.1.1.1 404 %`)).toMatchObject({ time: T });
  });

  it("refuses a format without a time logmon can read", () => {
    expect(() => compileApache("%h %>s %{%H:%M}t")).toThrow(
      "the format has no time field logmon can read",
    );
  });
});

describe("W3C Extended", () => {
  it("follows the newest #Fields, reads UTC dates, '-' as empty, and counts directives", () => {
    const p = w3cParser();
    expect(run(p, "2026-11-21 08:00:00 1.1.1.1 GET / 200")).toBe("no_fields");
    expect(run(p, "#Software: IIS")).toBe(DIRECTIVE);
    expect(run(p, "#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes")).toBe(
      DIRECTIVE,
    );
    expect(run(p, "2026-11-21 08:00:00 1.1.1.1 GET /a/b 200 -")).toMatchObject({
      time: T,
      host: "1.1.1.1",
      section: "/a",
      bytes: 0,
    });
    run(p, "#Fields: time date cs-host sc-status c-ip time-taken");
    expect(run(p, "08:00:00 2026-11-21 shop 503 ::1 25")).toMatchObject({
      time: T,
      vhost: "shop",
      status: 503,
      host: "::1",
      latencyMs: 25,
    });
    expect(run(p, "08:00:00 2026-11-21 shop 503 ::1 0.025")).toMatchObject({ latencyMs: 25 });
    expect(run(p, "08:00:00 2026-11-21 shop")).toBe("bad_field");
    expect(run(p, "8am 2026-11-21 shop 200 ::1 1")).toBe("bad_timestamp");
  });
});

describe("JSON lines", () => {
  it("maps nginx, Caddy and Traefik keys, with their latency units", () => {
    const p = jsonParser();
    expect(
      run(
        p,
        '{"time_iso8601":"2026-11-21T09:00:00+01:00","remote_addr":"1.2.3.4","request":"GET /a/b HTTP/1.1","status":"404","body_bytes_sent":"7","request_time":"0.125"}',
      ),
    ).toMatchObject({
      time: T,
      host: "1.2.3.4",
      method: "GET",
      section: "/a",
      status: 404,
      bytes: 7,
      latencyMs: 125,
    });
    expect(p.name).toBe("json (nginx)");
    const caddy = jsonParser();
    expect(
      run(
        caddy,
        `{"ts":${T}.5,"logger":"http.log.access","request":{"client_ip":"::1","method":"POST","host":"c.example","uri":"/x?y"},"duration":0.002,"size":9,"status":201}`,
      ),
    ).toMatchObject({
      time: T,
      host: "::1",
      method: "POST",
      section: "/x",
      vhost: "c.example",
      latencyMs: 2,
      status: 201,
    });
    expect(caddy.name).toBe("json (caddy)");
    expect(
      run(
        jsonParser(),
        '{"StartUTC":"2026-11-21T08:00:00.5Z","ClientHost":"2001:db8::1","DownstreamStatus":200,"Duration":3000000,"RequestPath":"/t","RequestMethod":"GET"}',
      ),
    ).toMatchObject({
      host: "2001:db8::1",
      latencyMs: 3,
      section: "/t",
    });
  });

  it("takes --json-fields overrides, strips ports and reports broken lines", () => {
    const p = jsonParser({ time: "when", path: "where", status: "code" });
    expect(
      run(p, `{"when":${T * 1000},"where":"/o/p","code":302,"ip":"1.2.3.4:5555"}`),
    ).toMatchObject({ time: T, section: "/o", status: 302, host: "1.2.3.4" });
    expect(run(p, "{not json")).toBe("bad_json");
    expect(run(p, "[1,2]")).toBe("bad_json");
    expect(run(p, '{"where":"/x","code":200}')).toBe("no_timestamp");
    expect(run(p, `{"when":${T},"code":"OK"}`)).toBe("bad_status");
  });
});

describe("auto-detection", () => {
  const clf = '1.2.3.4 - - [21/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 1';

  it("never gives up because the first lines are bad, then keeps the format it found", () => {
    const p = autoParser();
    expect(run(p, "garbage")).toBe("no_format");
    expect(run(p, "")).toBe("empty");
    expect(run(p, clf)).toMatchObject({ time: T });
    expect(p.name).toBe("clf");
    expect(run(p, '{"time":"2026-11-21T08:00:00Z","status":200}')).toBe("no_timestamp");
  });

  it("picks JSON and W3C, and switches to W3C on a #Fields header", () => {
    const json = autoParser();
    expect(run(json, '{"time":"2026-11-21T08:00:00Z","status":200}')).toMatchObject({ time: T });
    expect(json.name).toBe("json (nginx)");
    const p = autoParser();
    expect(run(p, clf)).toMatchObject({ time: T });
    expect(run(p, "#Fields: date time sc-status")).toBe(DIRECTIVE);
    expect(run(p, "2026-11-21 08:00:00 500")).toMatchObject({ status: 500 });
    expect(p.name).toBe("w3c");
  });

  it("resolves --format names and pasted strings, and refuses anything else", () => {
    expect(parserFactory("combined")().name).toBe("clf");
    expect(parserFactory("iis")().name).toBe("w3c");
    expect(parserFactory("$remote_addr [$time_local]")().name).toBe(
      "nginx '$remote_addr [$time_local]'",
    );
    expect(parserFactory("%h %t")().name).toBe("apache '%h %t'");
    expect(() => parserFactory("xml")).toThrow('unknown format "xml"');
  });
});
