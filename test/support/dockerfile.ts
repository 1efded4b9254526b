/**
 * Reads the project's Dockerfile into its stages and instructions, so a test can run the build
 * stage's steps on the machine (there is no Docker engine here) and start the runtime stage's CMD
 * and HEALTHCHECK: what the image does stays what the test checks.
 */
import { readFileSync } from 'node:fs';

export interface Instruction {
  /** Upper-cased keyword: FROM, COPY, RUN, CMD, HEALTHCHECK… */
  keyword: string;
  /** The rest of the line, continuation lines joined. */
  rest: string;
}

export interface Stage {
  /** The `AS` name, or undefined for an unnamed stage. */
  name?: string;
  image: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  const stages: Stage[] = [];
  for (const line of logical.filter((entry) => entry !== '')) {
    const [keyword = '', ...words] = line.split(/\s+/);
    const rest = words.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const [image = '', as, name] = words;
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile: "${line}" before any FROM`);
    stage.instructions.push({ keyword: keyword.toUpperCase(), rest });
  }
  return stages;
}

export function readDockerfile(file: string): Stage[] {
  return parseDockerfile(readFileSync(file, 'utf8'));
}

/** An exec-form command (`["node", "dist/worker.js"]`) as its words; a shell-form one is refused. */
export function execForm(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((word) => typeof word === 'string')) {
    throw new Error(`not an exec-form command: ${text}`);
  }
  return parsed;
}

/** COPY's sources and destination (no `--from`: files of the build context). */
export function copyArguments(instruction: Instruction): {
  from?: string;
  sources: string[];
  destination: string;
} {
  const words = instruction.rest.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  const destination = paths.pop();
  if (!destination || paths.length === 0) throw new Error(`COPY without sources: ${instruction.rest}`);
  return { from, sources: paths, destination };
}

/** The command of `HEALTHCHECK [--options] CMD [...]`. */
export function healthcheckCommand(instruction: Instruction): string[] {
  const at = instruction.rest.indexOf('CMD ');
  if (at < 0) throw new Error(`HEALTHCHECK without CMD: ${instruction.rest}`);
  return execForm(instruction.rest.slice(at + 'CMD '.length));
}
