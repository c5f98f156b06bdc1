/**
 * First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"), with
 * their full-width forms, which some spreadsheets fold into the plain ones.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u;

/** Scraped text is untrusted: a cell that would start a formula gets a leading `'`, which spreadsheets show as text. */
export function escapeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
