/** Test helper: runs a `ser` sub-command in this process, capturing what it prints. */
import { vi } from 'vitest';
import type { Command } from '../cli/command';

export async function runInProcess(command: Command, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const log = vi.spyOn(console, 'log').mockImplementation((...args) => void (stdout += args.join(' ') + '\n'));
  const err = vi.spyOn(console, 'error').mockImplementation((...args) => void (stderr += args.join(' ') + '\n'));
  try {
    const code = await command.run(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    log.mockRestore();
    err.mockRestore();
  }
}
