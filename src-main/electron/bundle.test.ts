/** Electron cannot run here (no binary), so these check what can be checked: the bundles' shape. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const preload = resolve('dist-main/electron/preload.cjs');
const main = resolve('dist-main/electron/main.js');

describe.skipIf(!existsSync(preload) || !existsSync(main))('Electron bundles', () => {
  it('the sandboxed preload requires nothing but electron and exposes only serBridge', () => {
    const code = readFileSync(preload, 'utf8');
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
    expect([...code.matchAll(/exposeInMainWorld\(["']([^"']+)["']/g)].map((m) => m[1])).toEqual(['serBridge']);
    expect(code).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });

  it('the main bundle is an ES module that imports electron and builds a sandboxed window', () => {
    const code = readFileSync(main, 'utf8');
    expect(code).toMatch(/from "electron"/);
    for (const setting of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true']) expect(code).toContain(setting);
  });
});
