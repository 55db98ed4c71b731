import type { Clock } from '../clock';
import type { Config } from '../config';
import type { LiveConnector } from '../crm/connector';
import { createConnector } from '../crm/create-connector';
import { ensureAccount } from '../db/accounts';
import type { DatabaseHandle } from '../db/client';
import { crmTokenStore } from '../db/crm-tokens';
import type { Logger } from '../logger';
import { allLinks } from '../people/links';

/**
 * What every use case is given: the configuration, the open database, the
 * one clock and the logger. Passed explicitly, never global, so the CLI, the
 * bot process and the tests run the same use cases on their own parts.
 */
export interface JobContext {
  config: Config;
  handle: DatabaseHandle;
  clock: Clock;
  logger: Logger;
}

/** A use case's context when what it says links to deals in the CRM (pings, findings lists). */
export interface PingContext extends JobContext {
  /** The deal's page in the CRM, for the "open the deal" button. */
  dealUrl(dealId: string): string;
}

/** Makes sure the configured account exists; call once after opening the database. */
export function prepareAccount({ config, handle, clock }: JobContext): void {
  ensureAccount(handle.db, { id: config.ACCOUNT_ID, name: config.ACCOUNT_NAME, crm: config.CRM }, clock.now().getTime());
}

/** The connector the configuration asks for, its OAuth tokens kept in this database. */
export function connectorFor({ config, handle, clock, logger }: JobContext): LiveConnector {
  const linkedAt = () => new Map(allLinks(handle.db, config.ACCOUNT_ID).map((link) => [link.crmUserId, link.linkedAt]));
  return createConnector(config, clock, logger, crmTokenStore(handle.db, config.ACCOUNT_ID), { linkedAt });
}
