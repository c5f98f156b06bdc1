/**
 * Characters that act on a terminal instead of showing: C0 controls (escape, carriage return, line
 * breaks...), DEL, C1 controls, and the marks that reorder text (bidi overrides and isolates).
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Input-derived text (a file name, a scraped value) made safe to print in a message: each control
 * character is written as an escape, `\x1b` or `\u202e`, as `ls` and git do, so a file name cannot
 * recolour, retitle or rewrite the terminal, nor fake a line of its own.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
