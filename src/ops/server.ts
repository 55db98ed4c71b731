import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { HealthReport } from '../jobs/health';
import type { Logger } from '../logger';
import { enableProcessMetrics, outboxBacklog, outboxOldestPendingSeconds, registry } from '../metrics';

/** The operator's HTTP endpoints of the running bot. */
export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

export interface OpsServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The health report now (src/jobs/health.ts). */
  health(): HealthReport;
  logger: Logger;
}

/**
 * Serves, read-only, on HTTP_HOST:HTTP_PORT:
 * - `GET /healthz`: 200 when the bot is healthy, 503 when not, with the
 *   report as JSON either way (what is failing and why, the last successful
 *   sync and its age, the outbox backlog, Telegram's updates);
 * - `GET /metrics`: the process's Prometheus metrics (src/metrics.ts), the
 *   outbox gauges read from the database as they are scraped.
 * Anything else is 404 (405 for another method on those paths). A request
 * that fails is answered 500 and logged; it never takes the bot down.
 */
export async function startOpsServer({ host, port, health, logger }: OpsServerOptions): Promise<OpsServer> {
  enableProcessMetrics();
  const routes: Record<string, (res: ServerResponse) => Promise<void> | void> = {
    '/healthz': (res) => {
      const report = health();
      send(res, report.status === 'ok' ? 200 : 503, 'application/json; charset=utf-8', `${JSON.stringify(report, null, 2)}\n`);
    },
    '/metrics': async (res) => {
      const { outbox } = health();
      outboxBacklog.set(outbox.backlog);
      outboxOldestPendingSeconds.set(outbox.oldestPendingAgeSeconds ?? 0);
      send(res, 200, registry.contentType, await registry.metrics());
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://ops').pathname;
    const route = routes[path];
    if (!route) return send(res, 404, 'text/plain; charset=utf-8', 'not found: GET /healthz or GET /metrics\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed: GET only\n');
    }
    Promise.resolve()
      .then(() => route(res))
      .catch((error: unknown) => {
        logger.error({ err: error, path }, 'ops endpoint failed');
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error; see the bot\'s log\n');
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as { port: number }).port;
  logger.info({ host, port: bound }, 'health and metrics served (GET /healthz, GET /metrics)');
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(res.req.method === 'HEAD' ? undefined : body);
}
