import { describe, expect, it } from 'vitest';
import { pushToTalkAction, spaceBelongsTo } from './live-keys';

const space = { key: ' ', code: 'Space', repeat: false, ctrlKey: false, altKey: false, metaKey: false };
const el = (tagName: string, extra: { type?: string; role?: string; editable?: boolean } = {}) => ({
  tagName,
  type: extra.type,
  isContentEditable: extra.editable ?? false,
  getAttribute: (n: string) => (n === 'role' ? (extra.role ?? null) : null),
});
const body = el('BODY');

describe('push-to-talk keys', () => {
  it('presses on Space down and releases on Space up while held', () => {
    expect(pushToTalkAction(space, 'down', body, false)).toBe('press');
    expect(pushToTalkAction(space, 'up', body, true)).toBe('release');
  });

  it('swallows auto-repeat while held and ignores a release it never pressed', () => {
    expect(pushToTalkAction({ ...space, repeat: true }, 'down', body, false)).toBe('hold');
    expect(pushToTalkAction(space, 'down', body, true)).toBe('hold');
    expect(pushToTalkAction(space, 'up', body, false)).toBe('ignore');
  });

  it('releases even when focus moved into a control while held (the key went up somewhere)', () => {
    expect(pushToTalkAction(space, 'up', el('INPUT', { type: 'text' }), true)).toBe('release');
  });

  it('leaves Space to text fields, selects, buttons, checkboxes and ARIA widgets', () => {
    for (const t of [
      el('INPUT', { type: 'text' }),
      el('INPUT', { type: 'checkbox' }),
      el('TEXTAREA'),
      el('SELECT'),
      el('BUTTON'),
      el('a'),
      el('DIV', { editable: true }),
      el('DIV', { role: 'slider' }),
    ]) {
      expect(spaceBelongsTo(t)).toBe(true);
      expect(pushToTalkAction(space, 'down', t, false)).toBe('ignore');
    }
    expect(spaceBelongsTo(el('SECTION'))).toBe(false);
    expect(spaceBelongsTo(null)).toBe(false);
  });

  it('ignores other keys and Space with a modifier', () => {
    expect(pushToTalkAction({ ...space, key: 'a', code: 'KeyA' }, 'down', body, false)).toBe('ignore');
    expect(pushToTalkAction({ ...space, ctrlKey: true }, 'down', body, false)).toBe('ignore');
    expect(pushToTalkAction({ ...space, metaKey: true }, 'down', body, false)).toBe('ignore');
  });
});
