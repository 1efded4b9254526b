/**
 * Structured logs: one JSON object per line (time, level, msg, organizerId, workflowId, runId,
 * ticketId, …). Installed as the worker's Temporal Runtime logger, so the SDK's own lines, workflow
 * logs and activity logs (`Context.current().log`) all come out this way.
 *
 * The scrub step is the guard: only flat values are kept (a spectator record, a header bag or a
 * payload is an object and is dropped), keys that name secrets are dropped, e-mail addresses and the
 * worker's known secret values are masked in every string.
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { z } from 'zod';
import { organizerOfWorkflowId } from './workflowIds';

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const satisfies readonly LogLevel[];
const RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

export const LogLevelSetting = z
  .string()
  .transform((value) => value.trim().toUpperCase())
  .pipe(z.enum(LOG_LEVELS));

/** LOG_LEVEL from the environment (default INFO); a bad value is an error naming the variable. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const raw = env.LOG_LEVEL?.trim();
  if (!raw) return 'INFO';
  const parsed = LogLevelSetting.safeParse(raw);
  if (!parsed.success) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);
  return parsed.data;
}

const SECRET_KEY = /(api[-_]?key|secret|token|password|passwd|authori[sz]ation|cookie|credential|private)/i;
/** Keys that hold personal data even when flat. */
const PERSONAL_KEY =
  /(email|e-mail|phone|firstname|lastname|birth|idcard|passport|spectator|holder|recipient|sender)/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const MAX_STRING = 2000;

/** Metadata the SDK uses, renamed to the project's words (STYLE §6). */
const RENAMES: Record<string, string> = { workflowRunId: 'runId' };

/** Organizer and ticket ids from the project's workflow ids (ids hold no personal data). */
function idsFromWorkflowId(workflowId: string): Record<string, string> {
  const transfer = /^tixngo-transfer:([^:]+):([^:]+)/.exec(workflowId);
  if (transfer?.[1] && transfer[2]) return { organizerId: transfer[1], ticketId: transfer[2] };
  const organizerId = organizerOfWorkflowId(workflowId);
  return organizerId ? { organizerId } : {};
}

export interface JsonLoggerOptions {
  level?: LogLevel;
  /** Where lines go (default: stdout). */
  write?: (line: string) => void;
  /** Values masked wherever they appear (the worker's API keys). */
  secrets?: readonly string[];
  now?: () => Date;
}

export class JsonLogger implements Logger {
  private readonly level: LogLevel;
  private readonly write: (line: string) => void;
  private readonly secrets: string[];
  private readonly now: () => Date;

  constructor(options: JsonLoggerOptions = {}) {
    this.level = options.level ?? 'INFO';
    this.write = options.write ?? ((line) => void process.stdout.write(`${line}\n`));
    this.secrets = (options.secrets ?? []).filter((secret) => secret.length >= 6);
    this.now = options.now ?? (() => new Date());
  }

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (RANK[level] < RANK[this.level]) return;
    const entry: Record<string, string | number | boolean> = {
      time: this.now().toISOString(),
      level,
      msg: this.mask(message),
    };
    const fields = this.scrub(meta ?? {});
    const workflowId = typeof fields.workflowId === 'string' ? fields.workflowId : undefined;
    Object.assign(entry, workflowId ? idsFromWorkflowId(workflowId) : {}, fields);
    this.write(JSON.stringify(entry));
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }

  /** Flat, non-secret, non-personal fields only; an error becomes its name and masked message. */
  scrub(meta: LogMetadata): Record<string, string | number | boolean> {
    const out: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(meta)) {
      if (SECRET_KEY.test(key) || PERSONAL_KEY.test(key)) continue;
      const name = RENAMES[key] ?? key;
      if (value instanceof Error) {
        out[name] = this.mask(`${value.name}: ${value.message}`);
      } else if (typeof value === 'string') {
        out[name] = this.mask(value);
      } else if (typeof value === 'number' || typeof value === 'boolean') {
        out[name] = value;
      } else if (typeof value === 'bigint') {
        out[name] = value.toString();
      }
      // Objects, arrays, payloads: dropped (they may be spectator records or headers).
    }
    return out;
  }

  /** Masks `value` from now on too: a secret read after start (the secrets directory, at every use). */
  addSecret(value: string): void {
    if (value.length >= 6 && !this.secrets.includes(value)) this.secrets.push(value);
  }

  private mask(text: string): string {
    let masked = text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}…` : text;
    for (const secret of this.secrets) masked = masked.split(secret).join('[REDACTED]');
    return masked.replace(EMAIL, '[e-mail]');
  }
}

/** The values of the environment's secret variables, so the logger can mask them anywhere. */
export function secretValuesFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([name]) => /API_KEY|CODEC_KEYS|TOKEN|PASSWORD|SECRET/.test(name))
    .flatMap(([, value]) => (value ? [value, ...value.split(/[,:]/)] : []))
    .filter((value) => value.length >= 6);
}
