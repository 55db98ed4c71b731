import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import { LOCALES } from './i18n';

/**
 * Configuration from the environment (and `.env` when present), validated in
 * one place. parseConfig is pure; every bad or missing value is reported at
 * once with the variable's name. Documented in .env.example and the README.
 */

const cron = (example: string) =>
  z.string().refine((v) => isValidCron(v), { message: `not a valid cron expression (example: "${example}")` });

const timezone = z.string().refine(
  (name) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: name });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'unknown IANA time zone (examples: "Europe/Moscow", "Asia/Novosibirsk")' },
);

/** Where amoCRM accounts live: amoCRM's own (Russian) domain and Kommo's, its international brand. */
export const AMOCRM_DOMAINS = ['amocrm.ru', 'kommo.com'] as const;
export type AmoDomain = (typeof AMOCRM_DOMAINS)[number];

/** The domain an account's host belongs to (`example.kommo.com` → kommo.com), or null for any other host (a proxy, a test server). */
export function amoDomainOfHost(host: string): AmoDomain | null {
  const name = host.toLowerCase().replace(/\.$/, '');
  return AMOCRM_DOMAINS.find((domain) => name.endsWith(`.${domain}`)) ?? null;
}

/**
 * The amoCRM account's address and the domain it lives on (which decides where
 * an admin authorizes the integration). AMOCRM_BASE_URL's host says the domain
 * when it is an amoCRM or Kommo host; otherwise, and with AMOCRM_SUBDOMAIN,
 * AMOCRM_DOMAIN does (amocrm.ru when unset). parseConfig guarantees an address
 * with CRM=amocrm.
 */
export function amoAccountAddress(config: Pick<Config, 'AMOCRM_BASE_URL' | 'AMOCRM_SUBDOMAIN' | 'AMOCRM_DOMAIN'>): { baseUrl: string; domain: AmoDomain } {
  const configured = config.AMOCRM_DOMAIN ?? 'amocrm.ru';
  if (config.AMOCRM_BASE_URL) return { baseUrl: config.AMOCRM_BASE_URL, domain: amoDomainOfHost(new URL(config.AMOCRM_BASE_URL).hostname) ?? configured };
  return { baseUrl: `https://${config.AMOCRM_SUBDOMAIN}.${configured}`, domain: configured };
}

const envSchema = z.object({
  CRM: z.enum(['demo', 'amocrm', 'bitrix24'], { message: 'expected one of: demo, amocrm, bitrix24' }).default('demo'),
  ACCOUNT_ID: z.string().regex(/^[\w-]{1,64}$/, { message: 'letters, digits, "-" and "_" only (up to 64)' }).default('main'),
  ACCOUNT_NAME: z.string().min(1).default('Отдел продаж'),
  DATABASE_PATH: z.string().min(1).default('./data/crm-qc.sqlite'),
  TIMEZONE: timezone.default('Europe/Moscow'),
  OUT_DIR: z.string().min(1).default('./out'),
  LOCALE: z.enum(LOCALES, { message: `expected one of: ${LOCALES.join(', ')}` }).default('ru'),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]{30,}$/, { message: 'does not look like a bot token from @BotFather ("123456:ABC-…")' })
    .optional(),
  TELEGRAM_API_ROOT: z.url({ message: 'expected a URL such as https://api.telegram.org' }).default('https://api.telegram.org'),
  ADMIN_TELEGRAM_IDS: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, { message: 'expected Telegram user ids separated by commas, e.g. "123456789,987654321"' })
    .transform((list) => list.split(',').map((id) => id.trim()))
    .default([]),
  TELEGRAM_WEBHOOK_URL: z.url({ protocol: /^https$/, message: 'expected the public https URL Telegram posts updates to' }).optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, { message: 'expected 16–256 characters of A–Z, a–z, 0–9, "_" or "-"' })
    .optional(),
  TELEGRAM_WEBHOOK_PORT: z.coerce.number({ message: 'expected a port number (0 picks a free one)' }).int().min(0).max(65535).default(8080),
  TELEGRAM_WEBHOOK_HOST: z.string().min(1).default('0.0.0.0'),
  AMOCRM_BASE_URL: z.url({ protocol: /^https?$/, message: 'expected the account\'s address, e.g. https://example.amocrm.ru or https://example.kommo.com' }).optional(),
  AMOCRM_SUBDOMAIN: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/i, { message: 'expected the subdomain alone, e.g. "example" for example.amocrm.ru (or example.kommo.com with AMOCRM_DOMAIN=kommo.com)' })
    .optional(),
  AMOCRM_DOMAIN: z
    .preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(AMOCRM_DOMAINS, { message: `expected one of: ${AMOCRM_DOMAINS.join(', ')} (amoCRM accounts live on amocrm.ru, Kommo accounts on kommo.com)` }))
    .optional(),
  AMOCRM_TOKEN: z.string().min(20, { message: 'expected the long-lived token from the integration\'s "Keys and access" tab' }).optional(),
  AMOCRM_CLIENT_ID: z.string().min(1).optional(),
  AMOCRM_CLIENT_SECRET: z.string().min(1).optional(),
  AMOCRM_REDIRECT_URI: z.url({ message: 'expected the redirect URI set in the integration, e.g. https://example.com/amocrm' }).optional(),
  AMOCRM_REFRESH_TOKEN: z.string().min(1).optional(),
  AMOCRM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,128}$/, { message: 'expected 16–128 characters of A–Z, a–z, 0–9, "_" or "-" (it is part of the webhook URL)' })
    .optional(),
  AMOCRM_WEBHOOK_PORT: z.coerce.number({ message: 'expected a port number (0 picks a free one)' }).int().min(0).max(65535).default(8081),
  AMOCRM_WEBHOOK_HOST: z.string().min(1).default('0.0.0.0'),
  AMOCRM_RATE_LIMIT: z.coerce.number({ message: 'expected requests per second, e.g. 7' }).positive().max(50).default(7),
  BITRIX24_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, message: 'expected the incoming webhook\'s address, e.g. https://example.bitrix24.ru/rest/1/abc123secret/' })
    .refine((u) => /\/rest\/\d+\/[^/]+\/?$/.test(new URL(u).pathname), { message: 'expected the incoming webhook\'s address ending in /rest/<user id>/<secret>/ (copy it from Bitrix24 without a method name)' })
    .optional(),
  BITRIX24_PORTAL: z
    .string()
    .regex(/^(https?:\/\/)?[\w.-]+(:\d+)?\/?$/, { message: 'expected the portal\'s address, e.g. example.bitrix24.ru' })
    .transform((p) => (p.startsWith('http') ? p.replace(/\/$/, '') : `https://${p.replace(/\/$/, '')}`))
    .optional(),
  BITRIX24_CLIENT_ID: z.string().min(1).optional(),
  BITRIX24_CLIENT_SECRET: z.string().min(1).optional(),
  BITRIX24_REFRESH_TOKEN: z.string().min(1).optional(),
  BITRIX24_OAUTH_URL: z.url({ message: 'expected the OAuth server, https://oauth.bitrix.info' }).default('https://oauth.bitrix.info'),
  BITRIX24_RATE_LIMIT: z.coerce.number({ message: 'expected requests per second, e.g. 2 (Enterprise: 5)' }).positive().max(50).default(2),
  BITRIX24_BURST: z.coerce.number({ message: 'expected a whole number of requests, e.g. 50 (Enterprise: 250)' }).int().min(1).max(1000).default(50),
  BITRIX24_LOSS_REASON_FIELD: z.string().regex(/^UF_CRM_\w+$/, { message: 'expected a deal field code such as UF_CRM_LOSS_REASON' }).optional(),
  BITRIX24_APP_TOKEN: z.string().min(8, { message: 'expected the application token Bitrix24 shows for the outgoing webhook' }).optional(),
  BITRIX24_EVENTS_PORT: z.coerce.number({ message: 'expected a port number (0 picks a free one)' }).int().min(0).max(65535).default(8082),
  BITRIX24_EVENTS_HOST: z.string().min(1).default('0.0.0.0'),
  DEMO_SEED: z.coerce.number({ message: 'expected a whole number' }).int({ message: 'expected a whole number' }).default(42),
  SYNC_SCHEDULE: cron('*/15 * * * *').default('*/15 * * * *'),
  REPORT_SCHEDULE: cron('0 9 * * 1').default('0 9 * * 1'),
  FULL_SYNC_SCHEDULE: cron('0 3 * * *').default('0 3 * * *'),
  SYNC_LEASE_WAIT_SECONDS: z.coerce.number({ message: 'expected whole seconds, e.g. 60' }).int({ message: 'expected whole seconds, e.g. 60' }).min(0).max(3600).default(60),
  // How long finished messages, closed pings and old sync runs are kept (src/db/retention.ts). A week at
  // least: pruned rows carry the keys that keep a message or a ping from going twice, and no occasion
  // (a weekly report, a retried send, a task's due time) should outlive its key.
  RETENTION_DAYS: z.coerce
    .number({ message: 'expected a whole number of days, at least 7 (e.g. 90)' })
    .int({ message: 'expected a whole number of days, at least 7 (e.g. 90)' })
    .min(7, { message: 'expected a whole number of days, at least 7 (e.g. 90)' })
    .default(90),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Opt-in: GET /healthz and GET /metrics for an operator's monitoring (src/ops/). Loopback unless told
  // otherwise: the figures say how the department works, and a container publishes the port itself.
  HTTP_PORT: z.coerce.number({ message: 'expected a port number, e.g. 9090 (0 picks a free one)' }).int().min(0).max(65535).optional(),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  // Opt-in nightly backups of the database into BACKUP_DIR, the newest BACKUP_KEEP kept.
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_KEEP: z.coerce
    .number({ message: 'expected how many nightly backups to keep, e.g. 7' })
    .int({ message: 'expected how many nightly backups to keep, e.g. 7' })
    .min(1, { message: 'expected how many nightly backups to keep, at least 1 (e.g. 7)' })
    .max(1000)
    .default(7),
  // After the nightly full sync (03:00) and the pruning (03:30).
  BACKUP_SCHEDULE: cron('0 4 * * *').default('0 4 * * *'),
})
  .superRefine((c, ctx) => {
    if (c.CRM === 'amocrm') {
      if (!c.AMOCRM_BASE_URL && !c.AMOCRM_SUBDOMAIN) ctx.addIssue({ code: 'custom', path: ['AMOCRM_BASE_URL'], message: 'required with CRM=amocrm (or AMOCRM_SUBDOMAIN), e.g. https://example.amocrm.ru or https://example.kommo.com' });
      const named = c.AMOCRM_BASE_URL ? amoDomainOfHost(new URL(c.AMOCRM_BASE_URL).hostname) : null;
      if (named && c.AMOCRM_DOMAIN && named !== c.AMOCRM_DOMAIN) {
        ctx.addIssue({ code: 'custom', path: ['AMOCRM_DOMAIN'], message: `${c.AMOCRM_DOMAIN} contradicts AMOCRM_BASE_URL, an account on ${named}: leave AMOCRM_DOMAIN out (the address says it) or correct one of them` });
      }
      const oauth = [c.AMOCRM_CLIENT_ID, c.AMOCRM_CLIENT_SECRET, c.AMOCRM_REDIRECT_URI];
      if (!c.AMOCRM_TOKEN && oauth.some((v) => !v)) {
        ctx.addIssue({
          code: 'custom',
          path: ['AMOCRM_TOKEN'],
          message: 'required with CRM=amocrm: a long-lived token of a private integration, or else all of AMOCRM_CLIENT_ID, AMOCRM_CLIENT_SECRET and AMOCRM_REDIRECT_URI for OAuth (see README, "Connect amoCRM")',
        });
      }
    }
    if (c.CRM === 'bitrix24' && !c.BITRIX24_WEBHOOK_URL) {
      const oauth = { BITRIX24_PORTAL: c.BITRIX24_PORTAL, BITRIX24_CLIENT_ID: c.BITRIX24_CLIENT_ID, BITRIX24_CLIENT_SECRET: c.BITRIX24_CLIENT_SECRET };
      const missing = Object.entries(oauth).filter(([, v]) => !v).map(([k]) => k);
      if (missing.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['BITRIX24_WEBHOOK_URL'],
          message: `required with CRM=bitrix24: an incoming webhook's address, or else OAuth (missing: ${missing.join(', ')}) — see README, "Connect Bitrix24"`,
        });
      }
    }
    // Webhook mode needs all of its parts: a URL without a secret would accept anyone's posts.
    if (!c.TELEGRAM_WEBHOOK_URL) return;
    if (!c.TELEGRAM_WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'required with TELEGRAM_WEBHOOK_URL (any 16+ random characters)' });
    if (!c.TELEGRAM_BOT_TOKEN) ctx.addIssue({ code: 'custom', path: ['TELEGRAM_BOT_TOKEN'], message: 'required with TELEGRAM_WEBHOOK_URL' });
  });

export type Config = z.infer<typeof envSchema>;

/** Every configuration problem at once, one line per variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix the variables above (see .env.example) and start again.`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a typed Config, or throws ConfigError listing every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable means "not set": `FOO=` in .env should fall back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return parsed.data;
}

/** The process environment with `.env` (if present) underneath it: real variables win, unless empty. */
export function environment(envFile = '.env'): Record<string, string | undefined> {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  const setForReal = Object.entries(process.env).filter(([, value]) => value !== undefined && value !== '');
  return { ...fromFile, ...Object.fromEntries(setForReal) };
}
