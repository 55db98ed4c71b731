import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus instruments (prom-client), in one registry of its
 * own rather than prom-client's global one. Code at the edges counts what it
 * does here (a CRM request, a sync, a ping sent); GET /metrics (src/ops/)
 * serialises the registry. Nothing here does I/O or starts a timer until
 * `enableProcessMetrics` is called by the process that serves /metrics.
 */
export const registry = new Registry();

/** Every HTTP exchange with a CRM, by its answer: the HTTP status, or `error` when there was none (no connection, a timeout). */
export const crmRequests = new Counter({
  name: 'crmqc_crm_requests_total',
  help: 'HTTP requests to the CRM, by CRM and by answer (the status code, or "error" with no answer); 429 and 503 are the CRM throttling',
  labelNames: ['crm', 'status'] as const,
  registers: [registry],
});

// A synchronous tally beside the counter: a sync's progress line reads it on every page, and prom-client's get() is async.
const requestTally = new Map<string, number>();

/** Counts one HTTP exchange with a CRM: its status, or `error` when no answer came. */
export function recordCrmRequest(crm: string, status: number | 'error'): void {
  crmRequests.inc({ crm, status: String(status) });
  requestTally.set(crm, (requestTally.get(crm) ?? 0) + 1);
}

/** How many requests this process has made to a CRM so far; a sync's progress takes the difference since it began. */
export function crmRequestsMade(crm: string): number {
  return requestTally.get(crm) ?? 0;
}

/**
 * Default Node.js metrics (event-loop lag, heap, CPU, handles) in the same
 * registry. Called once by the process that serves /metrics: the event-loop
 * delay monitor is cheap but is a monitor all the same.
 */
export function enableProcessMetrics(): void {
  if (processMetricsEnabled) return;
  processMetricsEnabled = true;
  collectDefaultMetrics({ register: registry, prefix: 'crmqc_' });
}
let processMetricsEnabled = false;

// The instruments below are declared here so every layer counts into one registry; they are filled where the work is done.

/** Syncs by mode and result (ok | failed | busy). */
export const syncs = new Counter({
  name: 'crmqc_syncs_total',
  help: 'CRM syncs by mode (full | incremental) and result (ok | failed | busy: another sync held the lease)',
  labelNames: ['mode', 'result'] as const,
  registers: [registry],
});

/** How long a sync took, start to finish, whatever its result. */
export const syncDuration = new Histogram({
  name: 'crmqc_sync_duration_seconds',
  help: 'How long a CRM sync took, by mode and result',
  labelNames: ['mode', 'result'] as const,
  // A webhook-driven incremental sync takes a second; the first full sync of a large amoCRM account half an hour.
  buckets: [1, 5, 15, 60, 300, 900, 1800, 3600],
  registers: [registry],
});

/** Pings delivered (a message about an overdue task or a missed call reached its chat). */
export const pingsSent = new Counter({
  name: 'crmqc_pings_sent_total',
  help: 'Ping messages delivered to Telegram (or to files without a token)',
  registers: [registry],
});

/** Messages waiting in the outbox, and how long the oldest has waited; set when /metrics is read. */
export const outboxBacklog = new Gauge({
  name: 'crmqc_outbox_backlog',
  help: 'Messages in the outbox not yet sent (pending or being retried)',
  registers: [registry],
});
export const outboxOldestPendingSeconds = new Gauge({
  name: 'crmqc_outbox_oldest_pending_seconds',
  help: 'How long the oldest unsent message has waited in the outbox (0 when none)',
  registers: [registry],
});

/** How long a weekly report took to build (data, text, charts). */
export const reportDuration = new Histogram({
  name: 'crmqc_report_duration_seconds',
  help: 'How long building a weekly report took (its data, text and charts)',
  buckets: [0.5, 1, 2, 5, 10, 20, 40, 80],
  registers: [registry],
});
