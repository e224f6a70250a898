// Viridis (perceptually uniform, colour-blind safe) for the MFCC heatmap and its legend.

// matplotlib's viridis sampled at 0, 0.1, …, 1; linear interpolation between anchors is visually exact enough.
const VIRIDIS_ANCHORS: readonly [number, number, number][] = [
  [68, 1, 84],
  [72, 36, 117],
  [65, 68, 135],
  [53, 95, 141],
  [42, 120, 142],
  [33, 145, 140],
  [34, 168, 132],
  [68, 191, 112],
  [122, 209, 81],
  [189, 223, 38],
  [253, 231, 37],
];

/** RGB for t in [0, 1] (clamped; NaN maps to 0). */
export function viridis(t: number): [number, number, number] {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const pos = x * (VIRIDIS_ANCHORS.length - 1);
  const i = Math.min(VIRIDIS_ANCHORS.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = VIRIDIS_ANCHORS[i]!;
  const b = VIRIDIS_ANCHORS[i + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** 256-entry RGB lookup table, built once. */
export const VIRIDIS_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) lut.set(viridis(i / 255), i * 3);
  return lut;
})();

export function cssColor(t: number): string {
  const [r, g, b] = viridis(t);
  return `rgb(${r}, ${g}, ${b})`;
}

/** Relative luminance (sRGB, WCAG formula) — used by tests to check the map is monotonic. */
export function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
