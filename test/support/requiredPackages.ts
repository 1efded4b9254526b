/**
 * The npm packages compiled JavaScript (CommonJS, as tsc emits it) loads, followed through its
 * relative `require`s from an entry file: what a process of the image needs installed.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const REQUIRE = /\brequire\(\s*["']([^"']+)["']\s*\)/g;
const BUILTINS = new Set(builtinModules);

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Every package (not a Node built-in) loaded from `entries`, each with the first file that loads it. */
export function packagesRequiredBy(entries: string[]): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = entries.map((entry) => require.resolve(path.resolve(entry)));
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, specifier = ''] of readFileSync(file, 'utf8').matchAll(REQUIRE)) {
      if (specifier.startsWith('.')) {
        queue.push(require.resolve(path.resolve(path.dirname(file), specifier)));
      } else if (!specifier.startsWith('node:') && !BUILTINS.has(packageName(specifier))) {
        if (!packages.has(packageName(specifier))) packages.set(packageName(specifier), file);
      }
    }
  }
  return packages;
}
