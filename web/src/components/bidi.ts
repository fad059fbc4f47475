/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) shown as their
 * code point. For text where a user-supplied string meets other text in one line (a file name and its
 * size, the server's "<file>: <reason>"): an unclosed U+202E there reverses everything after it, so
 * "\u202Egnp.yaml" reads "lmay.png" and the reason reads backwards. Definitions keep their own text.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function revealBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase()}]`);
}
