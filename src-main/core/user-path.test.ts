import { describe, expect, it } from 'vitest';
import { expandUserPath } from './user-path';

describe('expandUserPath', () => {
  it('resolves ~ to the home folder and relative paths against the base', () => {
    expect(expandUserPath('~', '/work/app', '/home/ada')).toBe('/home/ada');
    expect(expandUserPath('~/corpora/tess', '/work/app', '/home/ada')).toBe('/home/ada/corpora/tess');
    expect(expandUserPath('../shared/data/tess', '/work/app', '/home/ada')).toBe('/work/shared/data/tess');
    expect(expandUserPath('  data/tess/ ', '/work/app', '/home/ada')).toBe('/work/app/data/tess');
    expect(expandUserPath('/srv/tess/../tess', '/work/app', '/home/ada')).toBe('/srv/tess');
  });

  it('leaves ~user and names that merely start with ~ as relative names', () => {
    expect(expandUserPath('~bob/x', '/work', '/home/ada')).toBe('/work/~bob/x');
  });
});
