/** What `logmon --help` shows after the options: examples and the alert's words. */
export const EXAMPLES = `
Examples:
  logmon -f /var/log/nginx/access.log      follow a log through rotations; window full at once
  logmon -f '/var/log/nginx/*access.log'   follow every matching file, new ones included
  logmon --replay access.log --json        replay a log as fast as possible, NDJSON out
  cat access.log | logmon -                read a log from standard input
  logmon --replay -m 50 -w 5m access.log   alert above 50 req/s averaged over 5 minutes
  logmon --replay -i 1m --top 5 a.log      a report per minute of log time, top 5 lists

Alert: every second of log time, hits in the last --window / window seconds is compared with
--max; above it: "High traffic generated an alert - hits = {hits}, triggered at {time}", back at
or below it: "Traffic recovered - hits = {hits}, recovered at {time}".`;

/** What `logmon check --help` shows after the options. */
export const CHECK_EXAMPLES = `
Examples:
  logmon check /var/log/nginx/access.log   which format, how much parses, why not
  logmon check --all --json access.log     every line read, one JSON object out
  logmon check --format 'LogFormat "%h %l %u %t \\"%r\\" %>s %b" common' access.log`;
