import type { Rng } from './prng.js';
import type { ModulePlan, PackagePlan, RepoPlan } from './repo-plan.js';

export interface ExportedName {
  readonly name: string;
  readonly kind: 'class' | 'function';
}

export interface PackageExports {
  /** The `from .x import Y` lines of the package's __init__.py. */
  readonly lines: string[];
  readonly names: ExportedName[];
}

export interface ExportsPlan {
  readonly byPackage: ReadonlyMap<string, PackageExports>;
  /** Modules a package star-imports: they must define a literal `__all__`. */
  readonly starred: ReadonlySet<ModulePlan>;
}

/**
 * What each package's __init__.py re-exports: names of its own modules
 * (`from .mod import Name`, sometimes `from .mod import *` over a literal
 * `__all__`), and now and then a name its subpackage re-exports, so origins
 * have chains of two or three hops to follow.
 */
export function planExports(plan: RepoPlan, rng: Rng): ExportsPlan {
  const byPackage = new Map<string, PackageExports>();
  const starred = new Set<ModulePlan>();
  const children = new Map<string, PackagePlan[]>();
  for (const p of plan.packages) {
    const parent = p.dotted.slice(0, p.dotted.lastIndexOf('.'));
    if (parent) children.set(parent, [...(children.get(parent) ?? []), p]);
  }
  // Deepest first: a parent re-exports what its children already export.
  // Not the root: every import of app.anything runs app/__init__.py, so re-exports there would make
  // every module reach every top-level package (scripts, and through them the legacy cache).
  const ordered = [...plan.packages].filter((p) => !p.special && p.dotted !== 'app').sort((a, b) => b.dotted.split('.').length - a.dotted.split('.').length);
  for (const pkg of ordered) {
    const lines: string[] = [];
    const names: ExportedName[] = [];
    const seen = new Set<string>();
    const add = (n: ExportedName): boolean => {
      if (seen.has(n.name)) return false;
      seen.add(n.name);
      names.push(n);
      return true;
    };
    const sources = pkg.modules.filter(() => rng.chance(0.35)).slice(0, 4);
    for (const m of sources) {
      const stem = m.dotted.slice(m.dotted.lastIndexOf('.') + 1);
      const own: ExportedName[] = [...m.classes.map((name) => ({ name, kind: 'class' as const })), ...m.functions.map((name) => ({ name, kind: 'function' as const }))];
      if (rng.chance(0.2)) {
        // A star import re-exports the module's whole __all__; skip it if any of those names is taken.
        if (own.some((n) => seen.has(n.name))) continue;
        starred.add(m);
        own.forEach(add);
        lines.push(`from .${stem} import *  # noqa: F401,F403`);
      } else {
        const picked = own.filter(() => rng.chance(0.5)).slice(0, 3).filter(add);
        if (picked.length) lines.push(`from .${stem} import ${picked.map((n) => n.name).join(', ')}`);
      }
    }
    for (const child of children.get(pkg.dotted) ?? []) {
      const theirs = byPackage.get(child.dotted);
      if (!theirs?.names.length || !rng.chance(0.4)) continue;
      const n = rng.pick(theirs.names);
      if (add(n)) lines.push(`from .${child.dotted.slice(pkg.dotted.length + 1)} import ${n.name}`);
    }
    byPackage.set(pkg.dotted, { lines, names });
  }
  return { byPackage, starred };
}
