/** `ssot-guard: allow <rule-id> -- <reason>` in a comment's text (without its delimiters). */
const SUPPRESSION = /ssot-guard:\s*allow\s+([A-Za-z0-9._-]+)\s*(?:--\s*(.*))?$/;

export interface ParsedSuppression {
  readonly rule: string;
  /** Empty when the comment gave none (which is itself reported). */
  readonly reason: string;
}

export function parseSuppression(text: string): ParsedSuppression | null {
  if (!text.includes('ssot-guard')) return null;
  const m = SUPPRESSION.exec(text);
  return m ? { rule: m[1]!, reason: (m[2] ?? '').trim() } : null;
}
