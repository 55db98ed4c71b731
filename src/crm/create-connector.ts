import type { Clock } from '../clock';
import type { Config } from '../config';
import { CrmError, type CrmConnector } from './connector';
import { createDemoConnector } from './demo/connector';

/** The connector the configuration asks for. */
export function createConnector(config: Config, clock: Clock): CrmConnector {
  switch (config.CRM) {
    case 'demo':
      return createDemoConnector({ seed: config.DEMO_SEED, clock });
    case 'amocrm':
    case 'bitrix24':
      // Honest about it: the real connectors are separate issues, not stubs that pretend to sync.
      throw new CrmError(
        `CRM=${config.CRM} is not available in this version yet. Set CRM=demo (or leave it unset) to run on the embedded demo CRM.`,
        config.CRM,
      );
  }
}
