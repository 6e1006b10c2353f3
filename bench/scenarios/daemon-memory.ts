import { withinBudget, type Figure } from '../figures.js';
import type { DaemonStatus } from '../../src/daemon/protocol.js';

const MB = 1024 * 1024;

/** (e) Resident memory of the warm daemon, read from its own status after (c) and after (d). */
export function memoryFigure(afterC: DaemonStatus | null, afterD: DaemonStatus | null): Figure {
  const c = afterC ? afterC.rssBytes / MB : null;
  const d = afterD ? afterD.rssBytes / MB : null;
  const worst = c === null && d === null ? null : Math.max(c ?? 0, d ?? 0);
  const show = (v: number | null): string => (v === null ? 'n/a (no status answer)' : `${v.toFixed(1)} MB`);
  return withinBudget(
    'e',
    'daemon RSS (max of after c, after d)',
    worst,
    'MB',
    250,
    [`after c ${show(c)}, after d ${show(d)}; heap after d ${afterD ? `${(afterD.heapUsedBytes / MB).toFixed(1)} MB` : 'n/a'}`],
    { afterCBytes: afterC?.rssBytes ?? null, afterDBytes: afterD?.rssBytes ?? null },
  );
}
