/**
 * Graphviz compiled to WebAssembly (@viz-js/viz): dot text to SVG in this
 * process, with no `dot` binary on the machine. Imported only when a picture
 * is asked for (graph --format svg|html): the module carries the wasm, 1.2 MB,
 * which the hook and every other command never load (the bundles keep it
 * external, scripts/bundle.mjs).
 */
export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}
