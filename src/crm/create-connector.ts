import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createAmoConnector } from './amocrm/connector';
import { CrmError, type CrmConnector } from './connector';
import { createDemoConnector } from './demo/connector';

/** The connector the configuration asks for. */
export function createConnector(config: Config, clock: Clock, logger: Logger): CrmConnector {
  switch (config.CRM) {
    case 'demo':
      return createDemoConnector({ seed: config.DEMO_SEED, clock });
    case 'amocrm': {
      // parseConfig guarantees a token and an address with CRM=amocrm.
      const token = config.AMOCRM_TOKEN!;
      return createAmoConnector({
        baseUrl: config.AMOCRM_BASE_URL ?? `https://${config.AMOCRM_SUBDOMAIN}.amocrm.ru`,
        token: async () => token,
        ratePerSecond: config.AMOCRM_RATE_LIMIT,
        logger,
      });
    }
    case 'bitrix24':
      // Honest about it: the real connector is a separate issue, not a stub that pretends to sync.
      throw new CrmError(
        `CRM=${config.CRM} is not available in this version yet. Set CRM=demo (or leave it unset) to run on the embedded demo CRM.`,
        config.CRM,
      );
  }
}
