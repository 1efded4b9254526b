import { existsSync } from 'node:fs';
import path from 'node:path';

/** The directory holding this project's package.json, found from this file's location (src/ or dist/). */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the project's package.json above ${__dirname}`);
    dir = parent;
  }
}

/** Git-ignored folder where the project installs its own tools (the Temporal binaries). */
export function toolsDir(): string {
  return path.join(projectRoot(), '.tools');
}
