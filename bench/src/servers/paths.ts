import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ (the package root): launchers and peer dependencies resolve from here. */
export const benchRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** server/ of the wethink workspace: `node --import tsx` resolves tsx from its node_modules. */
export const wethinkServerRoot = path.resolve(benchRoot, '../server');

export const launcherPath = (file: string): string => path.join(benchRoot, 'src', 'launchers', file);
