/** Start value of the hash that string pools and key indexes use (FNV-1a, 32 bits). */
export const HASH_SEED = 0x811c9dc5 | 0;

/** The hash after one more byte or char code: parsers fold it into scans they already make. */
export function hashByte(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}
