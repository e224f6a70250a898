// Ticks of a time axis in seconds: round steps (0.1, 0.2, 0.5, 1, 2, 5 … s) so that a clip of 1.5 s is labelled
// 0.0, 0.2 … 1.0 … 1.4 s. chart.js picks its own steps from a tick limit, which gave 0.0, 0.3, 0.5, 0.8, 1.1 s:
// labels rounded to one decimal, and 1.0 s skipped.

const STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];

/** The smallest round step that labels [0, duration] with at most `maxTicks` ticks, and the decimals it needs. */
export function timeTicks(durationSeconds: number, maxTicks = 8): { step: number; decimals: number } {
  const span = Number.isFinite(durationSeconds) && durationSeconds > 0 ? durationSeconds : 1;
  const step = STEPS.find((s) => Math.floor(span / s + 1e-9) + 1 <= maxTicks) ?? STEPS.at(-1)!;
  const decimals = step >= 1 ? 0 : Math.ceil(-Math.log10(step) - 1e-9);
  return { step, decimals };
}
