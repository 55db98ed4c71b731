import type { CrmKind, SnapshotChunk } from './model';

/**
 * What sync needs from a CRM. A connector streams the account page by page so
 * a large account never has to fit in memory; it knows nothing of rules.
 */
export interface CrmConnector {
  readonly kind: CrmKind;
  /** Streams a full snapshot of the account, entity pages in any order. */
  fetchFull(): AsyncIterable<SnapshotChunk>;
  /** The deal's page in the CRM, for buttons and report links. */
  dealUrl(dealId: string): string;
}

/** A CRM call failed in a way the operator must act on. */
export class CrmError extends Error {
  constructor(
    message: string,
    readonly crm: CrmKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CrmError';
  }
}
