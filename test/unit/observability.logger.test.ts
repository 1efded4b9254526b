import { JsonLogger, logLevelFromEnv } from '../../src/observability/logger';

const SECRET = 'tixngo-secret-4f9a1c';

function capture(level: 'INFO' | 'WARN' = 'INFO') {
  const lines: string[] = [];
  const logger = new JsonLogger({
    level,
    write: (line) => lines.push(line),
    secrets: [SECRET],
    now: () => new Date('2026-11-23T09:00:00Z'),
  });
  return { logger, lines };
}

describe('structured JSON logs', () => {
  it('writes one JSON object per line with time, level, msg, organizer, run and ticket', () => {
    const { logger, lines } = capture();
    logger.info('transfer opened', {
      workflowId: 'tixngo-transfer:acme-events:T-123:TR-9',
      workflowRunId: 'run-1',
      activityType: 'openTransfer',
      attempt: 1,
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({
      time: '2026-11-23T09:00:00.000Z',
      level: 'INFO',
      msg: 'transfer opened',
      organizerId: 'acme-events',
      ticketId: 'T-123',
      workflowId: 'tixngo-transfer:acme-events:T-123:TR-9',
      runId: 'run-1',
      activityType: 'openTransfer',
      attempt: 1,
    });
  });

  it.each([
    'tixngo-feedback:acme-events',
    'tixngo-feedback-import:acme-events:file-1of2',
    'tixngo-feedback-check:acme-events:2026-12-01',
    'tixngo-transfer-starts:acme-events:run-1:1',
  ])('names the organizer of workflow %s', (workflowId) => {
    const { logger, lines } = capture();
    logger.info('run', { workflowId });
    expect(JSON.parse(lines[0] as string)).toMatchObject({ organizerId: 'acme-events' });
  });

  it('never writes a secret, an e-mail address or a spectator record', () => {
    const { logger, lines } = capture();
    logger.error(`request failed with key ${SECRET} for anna@example.org`, {
      organizerId: 'acme-events',
      apiKey: SECRET,
      authorization: `Bearer ${SECRET}`,
      spectatorDetails: { firstName: 'Anna', email: 'anna@example.org' },
      recipientEmail: 'ben@example.org',
      error: new Error(`401 for ${SECRET} (carla@example.org)`),
    });
    const line = lines[0] as string;
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain('example.org');
    expect(line).not.toContain('Anna');
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(entry.organizerId).toBe('acme-events');
    expect(entry.msg).toBe('request failed with key [REDACTED] for [e-mail]');
    expect(entry.error).toBe('Error: 401 for [REDACTED] ([e-mail])');
    expect(Object.keys(entry)).not.toEqual(
      expect.arrayContaining(['apiKey', 'authorization', 'spectatorDetails']),
    );
  });

  it('masks a secret added after start (read from the secrets directory) from then on', () => {
    const { logger, lines } = capture();
    const later = 'rotated-s360-key-77aa';
    logger.addSecret(later);
    logger.warn(`S-360 refused ${later}`, { error: new Error(`key ${later} refused`) });
    expect(lines.join('\n')).not.toContain(later);
    expect(lines.join('\n')).toContain('[REDACTED]');
  });

  it('drops lines below LOG_LEVEL, and names LOG_LEVEL when it is wrong', () => {
    const { logger, lines } = capture('WARN');
    logger.info('not shown');
    logger.warn('shown');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['shown']);
    expect(logLevelFromEnv({ LOG_LEVEL: 'debug' })).toBe('DEBUG');
    expect(logLevelFromEnv({})).toBe('INFO');
    expect(() => logLevelFromEnv({ LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL must be one of/);
  });
});
