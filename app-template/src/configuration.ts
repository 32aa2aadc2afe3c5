import { Configuration, type LifecycleHooks, type WickApplication } from 'wick';
import { TimingMiddleware } from './middleware/timing.js';
import { DuplicateEmailFilter } from './filter/duplicate-email.js';

@Configuration()
export class MainConfiguration implements LifecycleHooks {
  async onReady(_container: unknown, app: WickApplication) {
    app.useMiddleware(TimingMiddleware);
    app.useFilter(DuplicateEmailFilter);
    app.logger.info({ env: app.getEnv() }, 'app ready');
  }
}
