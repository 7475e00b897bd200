/**
 * ANSI escape sequences: CSI (ESC [ … final byte), OSC and other strings (ESC ] … BEL or ESC \),
 * and two-character escapes, in their 7-bit and 8-bit (C1) forms.
 */
const ESCAPES =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[|\u009b)[\u0020-\u003f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u0090\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u007e]?/g;

/**
 * Characters a chat line must not carry: C0 and C1 controls and DEL (tab is a space), the
 * invisible ones that reorder text (bidi, zero-width), those XML 1.0 forbids (U+FFFE, U+FFFF)
 * and lone surrogates (a server closes the stream on them).
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Log text made safe for a chat message: escape sequences and control characters removed. */
export function chatText(text: string): string {
  return text.replace(ESCAPES, "").replace(UNSAFE, "").replace(/\t/g, " ");
}
