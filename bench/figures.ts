import { median } from './measure.js';

/** One measured figure: a value, what it is compared with, and the goal the ratio (or the value) must meet. */
export interface Figure {
  readonly id: string;
  readonly title: string;
  /** Milliseconds or megabytes; null when it could not be measured. */
  readonly value: number | null;
  readonly unit: 'ms' | 'MB';
  readonly reference: { readonly label: string; readonly value: number | null };
  readonly goal: { readonly on: 'ratio' | 'value'; readonly op: '<=' | '<'; readonly limit: number };
  /** Extra facts printed under the row (throughput, p90, sample counts, failures). */
  readonly details: readonly string[];
  /** Anything for --json beyond the row itself. */
  readonly data?: Record<string, unknown>;
}

export function ratioOf(f: Figure): number | null {
  return f.value === null || !f.reference.value ? null : f.value / f.reference.value;
}

export function metOf(f: Figure): boolean | null {
  const x = f.goal.on === 'ratio' ? ratioOf(f) : f.value;
  if (x === null) return null;
  return f.goal.op === '<=' ? x <= f.goal.limit : x < f.goal.limit;
}

export function formatAmount(v: number | null, unit: Figure['unit']): string {
  if (v === null) return 'n/a';
  if (unit === 'MB') return `${v.toFixed(1)} MB`;
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(v < 100 ? 1 : 0)} ms`;
}

function goalText(f: Figure): string {
  const op = f.goal.op === '<=' ? '≤' : '<';
  return f.goal.on === 'ratio' ? `${op} ${f.goal.limit}` : `${op} ${formatAmount(f.goal.limit, f.unit)}`;
}

/** The human table: one row per figure, details indented beneath it. */
export function renderTable(header: readonly string[], figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    const r = ratioOf(f);
    const met = metOf(f);
    return [
      `${f.id}  ${f.title}`,
      formatAmount(f.value, f.unit),
      `${f.reference.label} ${formatAmount(f.reference.value, f.unit)}`,
      r === null ? 'n/a' : r >= 100 ? r.toFixed(0) : r.toFixed(2),
      goalText(f),
      met === null ? 'n/a' : met ? 'yes' : 'NO',
    ];
  });
  const head = ['figure', 'measured', 'reference', 'ratio', 'goal', 'met'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : i === 5 ? c : c.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [...header, '', line(head), widths.map((w) => '-'.repeat(w)).join('  ')];
  figures.forEach((f, i) => {
    out.push(line(rows[i]!));
    for (const d of f.details) out.push(`      ${d}`);
  });
  return `${out.join('\n')}\n`;
}

export function toJson(meta: Record<string, unknown>, figures: readonly Figure[]): string {
  return `${JSON.stringify(
    {
      ...meta,
      figures: figures.map((f) => ({ ...f, ratio: ratioOf(f), met: metOf(f) })),
    },
    null,
    2,
  )}\n`;
}

/** A time as the table prints it. */
export const fmt = (ms: number | null): string => formatAmount(ms, 'ms');

/** Wall times of a subject against bare `node -e 0` measured in the same run; the goal is on their medians' ratio. */
export function versusNode(id: string, title: string, samplesMs: readonly number[], nodeMs: readonly number[], limit: number, details: readonly string[], data: Record<string, unknown>): Figure {
  return {
    id,
    title,
    value: median(samplesMs),
    unit: 'ms',
    reference: { label: 'node -e 0', value: median(nodeMs) },
    goal: { on: 'ratio', op: '<=', limit },
    details,
    data: { samplesMs, referenceMs: nodeMs, ...data },
  };
}

/** A value against a fixed budget (`value < budget`). */
export function withinBudget(id: string, title: string, value: number | null, unit: Figure['unit'], budget: number, details: readonly string[], data: Record<string, unknown>): Figure {
  return { id, title, value, unit, reference: { label: 'budget', value: budget }, goal: { on: 'value', op: '<', limit: budget }, details, data };
}
