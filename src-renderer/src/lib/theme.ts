// Canvas-drawn things (charts, waveform) cannot use var(): read the CSS variables and follow light/dark switches.

export function cssVar(name: string, fallback = ''): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function onColorSchemeChange(cb: () => void): () => void {
  const mq = matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
}

/** wavesurfer's colours from the theme (waveforms are canvases too). */
export function waveColors(): { waveColor: string; progressColor: string; cursorColor: string } {
  return { waveColor: cssVar('--wave', '#8aa2d8'), progressColor: cssVar('--wave-progress', '#3563d8'), cursorColor: cssVar('--text', '#1d2330') };
}
