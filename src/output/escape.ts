function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Makes text from a log safe for a terminal: control characters and escapes become visible \xHH. */
export function escapeControl(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code)) continue;
    out += `${text.slice(from, i)}\\x${code.toString(16).padStart(2, "0")}`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
