// Push-to-talk: hold Space to speak. Space is left alone wherever it already means something
// (typing, a select, a button, a checkbox): there the control gets it, not the microphone.

export interface KeyLike {
  key: string;
  code: string;
  repeat: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** The part of a focused element the rule looks at (duck-typed, so it is tested without a DOM). */
export interface TargetLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
  getAttribute?: (name: string) => string | null;
}

const SPACE_CONTROLS = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A', 'SUMMARY', 'AUDIO', 'VIDEO']);
const SPACE_ROLES = new Set([
  'button',
  'checkbox',
  'radio',
  'switch',
  'tab',
  'menuitem',
  'option',
  'slider',
  'spinbutton',
  'textbox',
  'combobox',
  'gridcell',
  'row',
]);

/** True when Space typed on `target` belongs to it (text entry, a select, a button, a checkbox…). */
export function spaceBelongsTo(target: TargetLike | null | undefined): boolean {
  if (!target || typeof target.tagName !== 'string') return false;
  if (target.isContentEditable) return true;
  if (SPACE_CONTROLS.has(target.tagName.toUpperCase())) return true;
  const role = target.getAttribute?.('role');
  return role != null && SPACE_ROLES.has(role);
}

export type PushToTalkAction = 'press' | 'release' | 'hold' | 'ignore';

/**
 * What a key event means for push-to-talk: `press` (start), `release` (end the utterance now), `hold`
 * (auto-repeat while held: swallow it so the page does not scroll), `ignore` (not ours).
 */
export function pushToTalkAction(e: KeyLike, phase: 'down' | 'up', target: TargetLike | null | undefined, held: boolean): PushToTalkAction {
  if (e.code !== 'Space' && e.key !== ' ') return 'ignore';
  if (phase === 'up') return held ? 'release' : 'ignore';
  if (e.ctrlKey || e.altKey || e.metaKey) return 'ignore';
  if (spaceBelongsTo(target)) return 'ignore';
  if (held || e.repeat) return 'hold';
  return 'press';
}
