/**
 * The Prometheus alert rules shipped in deploy/prometheus (issue 15 item 4): promtool checks and
 * unit-tests them (alerts.test.yml), every alert is tested firing and not firing, and every metric
 * they name is one the worker exports. promtool is required: without it this test fails, saying how
 * to get it (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { createFeedbackMetrics } from '../../src/observability/metrics';

const root = path.join(__dirname, '..', '..');
const dir = path.join(root, 'deploy', 'prometheus');
const RULES = path.join(dir, 'alerts.yml');
const TESTS = path.join(dir, 'alerts.test.yml');
const PROMTOOL = process.env.PROMTOOL ?? 'promtool';

const Rules = z.object({
  groups: z.array(
    z.object({ name: z.string(), rules: z.array(z.object({ alert: z.string(), expr: z.string() })) }),
  ),
});
const Tests = z.object({
  tests: z.array(
    z.object({
      alert_rule_test: z.array(
        z.object({ alertname: z.string(), exp_alerts: z.array(z.unknown()).nullish() }),
      ),
    }),
  ),
});

function promtool(...args: string[]): string {
  const found = spawnSync(PROMTOOL, ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(
      `promtool is required to test deploy/prometheus/alerts.yml but "${PROMTOOL}" cannot run ` +
        `(${found.error?.message ?? `exit ${found.status}`}). Install Debian's prometheus package ` +
        '(apt-get install -y --no-install-recommends prometheus; .ci/run does it) or set PROMTOOL to its path.',
    );
  }
  const run = spawnSync(PROMTOOL, args, { cwd: dir, encoding: 'utf8' });
  // promtool prints what failed on stdout: show it in the test failure.
  if (run.status !== 0) throw new Error(`promtool ${args.join(' ')} failed:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

const rules = Rules.parse(parse(readFileSync(RULES, 'utf8'))).groups.flatMap((group) => group.rules);

describe('deploy/prometheus alert rules', () => {
  it('pass promtool check rules and promtool test rules (alerts.test.yml)', () => {
    expect(promtool('check', 'rules', RULES)).toContain('SUCCESS');
    expect(promtool('test', 'rules', TESTS)).toContain('SUCCESS');
  });

  it('test every alert both firing and not firing', () => {
    const cases = Tests.parse(parse(readFileSync(TESTS, 'utf8'))).tests.flatMap(
      (test) => test.alert_rule_test,
    );
    const untested = rules
      .map((rule) => rule.alert)
      .flatMap((alert) => {
        const mine = cases.filter((test) => test.alertname === alert);
        const fires = mine.some((test) => (test.exp_alerts ?? []).length > 0);
        const silent = mine.some((test) => (test.exp_alerts ?? []).length === 0);
        return [...(fires ? [] : [`${alert} firing`]), ...(silent ? [] : [`${alert} not firing`])];
      });
    expect(untested).toEqual([]);
  });

  it('name only metrics the worker exports', async () => {
    const exported = new Set(
      (await createFeedbackMetrics({ defaultMetrics: false }).registry.getMetricsAsJSON()).map((m) => m.name),
    );
    const named = new Set(rules.flatMap((rule) => rule.expr.match(/tixngo_feedback_[a-z_]+/g) ?? []));
    const unknown = [...named].filter((name) => !exported.has(name.replace(/_(bucket|sum|count)$/, '')));
    expect(unknown).toEqual([]);
    expect(named.size).toBeGreaterThan(0);
  });

  it('are named in README, with every metric the worker exports', async () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const metrics = (await createFeedbackMetrics({ defaultMetrics: false }).registry.getMetricsAsJSON()).map(
      (m) => m.name,
    );
    const missing = [...metrics, ...rules.map((rule) => rule.alert)].filter(
      (name) => !readme.includes(`\`${name}`),
    );
    expect(missing).toEqual([]);
  });
});
