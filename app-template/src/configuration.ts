import { Configuration, type LifecycleHooks, type WickApplication } from 'wick';
import * as store from 'wick/store';
import { TimingMiddleware } from './middleware/timing.js';
import { DuplicateEmailFilter } from './filter/duplicate-email.js';

// The store component: `@Inject() store: KeyValueStore`, configured under `store` in config.<env>.ts.
@Configuration({ imports: [store] })
export class MainConfiguration implements LifecycleHooks {
  async onReady(_container: unknown, app: WickApplication) {
    app.useMiddleware(TimingMiddleware);
    app.useFilter(DuplicateEmailFilter);
    app.logger.info({ env: app.getEnv() }, 'app ready');
  }
}
