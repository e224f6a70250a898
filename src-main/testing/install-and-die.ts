/**
 * Test child: stages a copy of a model folder beside a target as saveModel does, installs it over
 * the target, and SIGKILLs itself at the named step (`staged` = before installFolder starts), the
 * way a crash or a power cut would stop the app. argv: <source model folder> <target> <step>
 */
import { cp } from 'node:fs/promises';
import { installFolder, siblingTempPath, type InstallStep } from '../core/model/store-folder';

const [source, target, stopAt] = process.argv.slice(2);
const die = () => process.kill(process.pid, 'SIGKILL');
const staged = siblingTempPath(target, 'saving');
await cp(source, staged, { recursive: true });
if (stopAt === 'staged') die();
await installFolder(staged, target, { replace: true, onStep: (step: InstallStep) => step === stopAt && die() });
