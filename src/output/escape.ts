/** C0 and C1 controls, DEL, and the Unicode controls that reorder or hide text (bidi, zero-width). */
export function isControl(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/** `\xHH` for a byte-sized code, `\uHHHH` above. */
function escaped(code: number): string {
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Makes text from a log safe for a terminal: control characters, escapes and the invisible
 * characters that reorder what a person reads (U+202E, U+2066…) become visible \xHH / \uHHHH.
 */
export function escapeControl(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isControl(code)) continue;
    out += `${text.slice(from, i)}${escaped(code)}`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Whether a character takes exactly one terminal cell everywhere: ASCII, Latin, Greek, Cyrillic,
 * and the punctuation, arrows, maths, box and braille characters the dashboard draws with.
 */
function oneCell(code: number): boolean {
  return (
    (code >= 0x20 && code <= 0x7e && code !== 0x7b && code !== 0x7d) ||
    (code >= 0xa0 && code <= 0x2ff) ||
    (code >= 0x370 && code <= 0x52f) ||
    (code >= 0x2010 && code <= 0x2027) ||
    (code >= 0x2030 && code <= 0x205e) ||
    (code >= 0x2190 && code <= 0x23ff) ||
    (code >= 0x2500 && code <= 0x25ff) ||
    (code >= 0x2800 && code <= 0x28ff)
  );
}

/**
 * Text for a fixed-width cell: as escapeControl, and every character whose width terminals
 * disagree on (wide CJK, emoji, combining marks, other scripts) shown as \uHHHH or \UHHHHHHHH,
 * so that the length of the result is exactly the cells it takes and columns never shift.
 * Braces too (\x7b, \x7d): the dashboard's tables read them as markup.
 */
export function escapeForCells(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) as number;
    if (oneCell(code)) continue;
    const width = code > 0xffff ? 2 : 1;
    const shown = code > 0xffff ? `\\U${code.toString(16).padStart(8, "0")}` : escaped(code);
    out += `${text.slice(from, i)}${shown}`;
    from = i + width;
    i += width - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
