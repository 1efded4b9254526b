/**
 * The Grafana dashboard deploy/grafana/tixngo-feedback.json (issue 16 item 4), evaluated for real: a
 * worker on a real Temporal server runs a scheduled organizer (a transfer left open, an item rejected,
 * an activity attempt failed and retried), a real Prometheus (Debian's `prometheus`, like promtool for
 * the alerts) scrapes its /metrics with deploy/prometheus/prometheus.yml (the alerts loaded), and every
 * panel's query, with the dashboard's variables filled in as Grafana does, must answer with data.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { scheduleOrganizer } from '../../src/client/scheduleOrganizer';
import { unscheduleOrganizer } from '../../src/client/unscheduleOrganizer';
import { freePort } from '../../src/devstack/freePort';
import { createFeedbackMetrics } from '../../src/observability/metrics';
import { startMetricsServer, type MetricsServer } from '../../src/observability/metricsServer';
import {
  registerOpenTransfersGauge,
  temporalOpenTransferCounter,
} from '../../src/observability/openTransfers';
import { eventually } from '../support/env';
import { startTestStack, type TestStack } from '../support/stack';

const root = path.join(__dirname, '..', '..');
const DASHBOARD = path.join(root, 'deploy', 'grafana', 'tixngo-feedback.json');
const PROMETHEUS_CONFIG = path.join(root, 'deploy', 'prometheus', 'prometheus.yml');
const ALERTS = path.join(root, 'deploy', 'prometheus', 'alerts.yml');
const PROMETHEUS = process.env.PROMETHEUS ?? 'prometheus';

const DatasourceRef = z.object({ type: z.string(), uid: z.string() });
const Target = z.object({ refId: z.string(), expr: z.string(), datasource: DatasourceRef.optional() });
const Panel = z.object({
  id: z.number(),
  type: z.string(),
  title: z.string(),
  description: z.string().min(1),
  datasource: DatasourceRef,
  targets: z.array(Target).min(1),
});
const Variable = z.object({
  name: z.string(),
  type: z.string(),
  query: z.unknown(),
  datasource: DatasourceRef.optional(),
});
const Dashboard = z.object({
  uid: z.string(),
  title: z.string(),
  schemaVersion: z.number(),
  templating: z.object({ list: z.array(Variable) }),
  panels: z.array(Panel),
});

const dashboard = Dashboard.parse(JSON.parse(readFileSync(DASHBOARD, 'utf8')));
const targets = dashboard.panels.flatMap((panel) =>
  panel.targets.map((target) => ({ panel: panel.title, ...target })),
);

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring']);

/**
 * The metric names a PromQL expression selects: identifiers left once strings, label matchers, range
 * selectors and grouping label lists are removed, that are not a function call or a keyword.
 */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...bare.matchAll(/(?<![\w:.])([A-Za-z_:][\w:]*)\s*(\()?/g)]
    .filter((match) => match[2] === undefined && !KEYWORDS.has(match[1] ?? ''))
    .map((match) => match[1] ?? '');
}

/** The expression as Grafana sends it: the organizer variable set to one organizer, a 1-minute rate window. */
function asGrafanaSends(expr: string, organizerId: string): string {
  const filled = expr
    .replaceAll('$organizer', organizerId.replace(/[.]/g, '\\\\.'))
    .replaceAll('$__rate_interval', '1m');
  if (filled.includes('$')) throw new Error(`A dashboard variable the test does not fill: ${filled}`);
  return filled;
}

describe('deploy/grafana/tixngo-feedback.json', () => {
  it('has unique panel ids, every panel and query on the "datasource" variable, an organizer variable', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const ref = { type: 'prometheus', uid: '${datasource}' };
    for (const panel of dashboard.panels) {
      expect({ panel: panel.title, datasource: panel.datasource }).toEqual({
        panel: panel.title,
        datasource: ref,
      });
      for (const target of panel.targets)
        expect({ panel: panel.title, datasource: target.datasource }).toEqual({
          panel: panel.title,
          datasource: ref,
        });
    }
    const variables = Object.fromEntries(
      dashboard.templating.list.map((variable) => [variable.name, variable]),
    );
    expect(variables.datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });
    expect(variables.organizer).toMatchObject({
      type: 'query',
      datasource: ref,
      query: { query: 'label_values(tixngo_feedback_runs_total, organizer)' },
    });
    // Grafana 11's dashboard schema or newer.
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
  });

  it('finds the metric names of a PromQL expression (the tokenizer the next tests rely on)', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (organizer, le) (rate(tixngo_feedback_lag_seconds_bucket{organizer=~"a|b"}[5m])))',
      ),
    ).toEqual(['tixngo_feedback_lag_seconds_bucket']);
    expect(
      metricNames('time() - max by (organizer) (x_seconds) > 3 * max without (job) (y) or z offset 5m'),
    ).toEqual(['x_seconds', 'y', 'z']);
    expect(metricNames('sum(up{job="tixngo-feedback"})')).toEqual(['up']);
  });

  describe('on a worker scraped by a real Prometheus', () => {
    let stack: TestStack;
    let server: MetricsServer;
    let prometheus: ChildProcess | undefined;
    let prometheusUrl: string;
    let dataDir: string;
    const metrics = createFeedbackMetrics();

    async function query(
      expr: string,
    ): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
      const response = await fetch(`${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: expr })}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data?: { result: unknown[] };
      };
      if (body.status !== 'success') throw new Error(`Prometheus refused ${expr}: ${body.error}`);
      return body.data?.result as { metric: Record<string, string>; value: [number, string] }[];
    }

    beforeAll(async () => {
      const found = spawnSync(PROMETHEUS, ['--version'], { encoding: 'utf8' });
      if (found.error || found.status !== 0) {
        throw new Error(
          `prometheus is required to test deploy/grafana but "${PROMETHEUS}" cannot run ` +
            `(${found.error?.message ?? `exit ${found.status}`}). Install Debian's prometheus package ` +
            '(apt-get install -y --no-install-recommends prometheus; .ci/run does it) or set PROMETHEUS to its path.',
        );
      }
      stack = await startTestStack('dashboard', {}, { metrics });
      // As the worker process does (src/worker.ts); counted at each scrape here.
      registerOpenTransfersGauge(metrics, temporalOpenTransferCounter(stack.client), { maxAgeMs: 0 });
      server = await startMetricsServer({ registry: metrics.registry });

      // The shipped configuration, with this worker as the target, scraped every second.
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'tixngo-dashboard-'));
      const config = parse(readFileSync(PROMETHEUS_CONFIG, 'utf8')) as {
        global: Record<string, string>;
        rule_files: string[];
        scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
      };
      config.global = { scrape_interval: '1s', evaluation_interval: '1s' };
      config.rule_files = config.rule_files.map((file) => path.join(path.dirname(PROMETHEUS_CONFIG), file));
      for (const job of config.scrape_configs) job.static_configs = [{ targets: [new URL(server.url).host] }];
      writeFileSync(path.join(dataDir, 'prometheus.yml'), stringify(config));
      const port = await freePort();
      prometheusUrl = `http://127.0.0.1:${port}`;
      prometheus = spawn(
        PROMETHEUS,
        [
          `--config.file=${path.join(dataDir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(dataDir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--log.level=warn',
        ],
        { stdio: 'ignore' },
      );
      // The worker scraped at least once before the run: the run's counts are increases, not a start.
      await eventually(
        async () =>
          (await query('up{job="tixngo-feedback"} == 1').catch(() => [])).length > 0 ? true : undefined,
        'Prometheus to scrape the worker',
      );
    });

    afterAll(async () => {
      if (prometheus && prometheus.exitCode === null) {
        const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
        prometheus.kill('SIGTERM');
        await exited;
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      await server?.close();
      await stack?.stop();
    });

    it('answers every panel query with data after scheduled runs, each metric one the worker exports', async () => {
      const org = stack.organizerId;
      const at = new Date(Date.now() - 90_000).toISOString();
      stack.tixngo.changes.append(
        { ticketId: 'G-1', taxNumber: '7201', status: 'DOWNLOADED', statusChangedAt: at },
        { ticketId: 'G-2', taxNumber: '7202', status: 'NOT_A_STATUS', statusChangedAt: at },
        {
          ticketId: 'G-3',
          taxNumber: '7203',
          status: 'PENDING_TRANSFER',
          statusChangedAt: at,
          spectatorDetails: { email: 'sender@example.org' },
          transfer: { id: 'TR-G-3', senderEmail: 'sender@example.org', recipientEmail: 'to@example.org' },
        },
      );
      // The first page fetch fails three times in process: one failed activity attempt, retried.
      stack.tixngo.faults.next(['503', '503', '503']);
      await scheduleOrganizer(stack.client, {
        organizerId: org,
        taskQueue: stack.taskQueue,
        cronSchedule: '@every 3s',
      });
      try {
        // Until the transfer is open in Temporal's visibility and Prometheus has scraped it all.
        await eventually(
          async () =>
            (await query(`tixngo_feedback_open_transfers{organizer="${org}"} == 1`)).length
              ? true
              : undefined,
          'the open transfer counted and scraped',
        );
        const filled = targets.map((target) => ({ ...target, promql: asGrafanaSends(target.expr, org) }));
        const answers = await eventually(async () => {
          const results = await Promise.all(
            filled.map(async (target) => ({ ...target, result: await query(target.promql) })),
          );
          return results.every((target) => target.result.length > 0) ? results : undefined;
        }, 'every panel query to answer with data').catch(async (error: Error) => {
          const empty = [];
          for (const target of filled)
            if ((await query(target.promql)).length === 0) empty.push(target.panel);
          throw new Error(`${error.message}; panels without data: ${empty.join(', ')}`);
        });

        const value = (panel: string, refId = 'A'): number[] =>
          answers
            .filter((answer) => answer.panel === panel && answer.refId === refId)
            .flatMap((answer) => answer.result.map((sample) => Number(sample.value[1])));
        expect(value('Open transfers')).toEqual([1]);
        expect(value('Open rejections')).toEqual([1]);
        expect(value('Workers up')).toEqual([1]);
        expect(value('Time since the last successful run vs cron interval', 'B')).toEqual([9]);
        const items = answers.find((answer) => answer.panel === 'Items by outcome')?.result ?? [];
        const itemRate = (outcome: string): number =>
          Number(items.find((sample) => sample.metric.outcome === outcome)?.value[1] ?? 0);
        expect(itemRate('applied')).toBeGreaterThan(0);
        expect(itemRate('rejected')).toBeGreaterThan(0);
        expect(Math.max(...value('Activity failures'))).toBeGreaterThan(0);
        expect(Math.max(...value('Runs by outcome'))).toBeGreaterThan(0);
        // The p95 lag of a change made 90 s before the run: in the 60–120 s bucket.
        expect(Math.max(...value('Lag behind TIXNGO (freshness)'))).toBeGreaterThan(60);
        expect(Math.max(...value('Lag behind TIXNGO (freshness)'))).toBeLessThanOrEqual(120);

        // Every metric a panel names is one the worker exports (`up` is Prometheus's own, per target).
        const scrape = await (await fetch(server.url)).text();
        const exported = new Set(
          scrape
            .split('\n')
            .filter((line) => line && !line.startsWith('#'))
            .map((line) => line.split(/[{ ]/)[0]),
        );
        const named = targets.flatMap((target) =>
          metricNames(asGrafanaSends(target.expr, org)).map((name) => ({ panel: target.panel, name })),
        );
        for (const target of targets)
          expect({
            panel: target.panel,
            names: metricNames(asGrafanaSends(target.expr, org)).length > 0,
          }).toEqual({
            panel: target.panel,
            names: true,
          });
        expect(named.filter(({ name }) => name !== 'up' && !exported.has(name))).toEqual([]);

        // The organizer variable lists this organizer.
        const labels = (await (
          await fetch(
            `${prometheusUrl}/api/v1/label/organizer/values?${new URLSearchParams({ 'match[]': 'tixngo_feedback_runs_total' })}`,
          )
        ).json()) as { data: string[] };
        expect(labels.data).toContain(org);
        // The shipped configuration loads the alert rules.
        const rules = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as {
          data: { groups: { file: string; rules: unknown[] }[] };
        };
        expect(rules.data.groups.map((group) => [group.file, group.rules.length])).toEqual([[ALERTS, 12]]);
      } finally {
        await unscheduleOrganizer(stack.client, org, 'test finished');
      }
    });
  });
});
