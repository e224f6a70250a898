import { describe, expect, it } from 'vitest';
import { buildClipMediaUrl } from './media-url';

describe('buildClipMediaUrl', () => {
  it('browser host: same origin, root path, path and token encoded', () => {
    const url = new URL(buildClipMediaUrl('/data/tess/OAF angry/a&b.wav', 'http://127.0.0.1:4123/?token=abc', 'a+b/c='));
    expect(url.origin).toBe('http://127.0.0.1:4123');
    expect(url.pathname).toBe('/media/clip');
    expect(url.searchParams.get('path')).toBe('/data/tess/OAF angry/a&b.wav');
    expect(url.searchParams.get('token')).toBe('a+b/c=');
  });
  it('Electron: app://renderer origin, no token', () => {
    const url = buildClipMediaUrl('C:\\corpus\\x.wav', 'app://renderer/index.html', undefined);
    expect(url.startsWith('app://renderer/media/clip?path=')).toBe(true);
    expect(new URL(url).searchParams.get('path')).toBe('C:\\corpus\\x.wav');
    expect(url).not.toContain('token');
  });
});
