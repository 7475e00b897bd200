import { isControl } from "../output/escape.js";

/**
 * ANSI escape sequences: CSI (ESC [ … final byte), OSC and other strings (ESC ] … BEL or ESC \\),
 * and two-character escapes, in their 7-bit and 8-bit (C1) forms.
 */
const ESCAPES =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[|\u009b)[\u0020-\u003f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u0090\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u007e]?/g;

/** Whether a UTF-16 unit at i of text is half of a surrogate pair that is not whole. */
function loneSurrogate(text: string, i: number, code: number): boolean {
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const prev = text.charCodeAt(i - 1);
    return !(prev >= 0xd800 && prev <= 0xdbff);
  }
  return false;
}

/**
 * Log text made safe for a chat message: escape sequences removed, then the terminal's control
 * characters (as the dashboard knows them: C0, C1, DEL, bidi and zero-width), what XML 1.0
 * forbids (U+FFFE, U+FFFF) and lone surrogates (a server closes the stream on them); a tab is a
 * space.
 */
export function chatText(text: string): string {
  const s = text.replace(ESCAPES, "");
  let out = "";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const drop = isControl(code) || code === 0xfffe || code === 0xffff || loneSurrogate(s, i, code);
    if (!drop) continue;
    out += s.slice(from, i) + (code === 0x09 ? " " : "");
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}
