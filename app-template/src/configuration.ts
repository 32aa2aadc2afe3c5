import { Configuration, type LifecycleHooks, type WickApplication } from 'wick';

@Configuration()
export class MainConfiguration implements LifecycleHooks {
  async onReady(_container: unknown, app: WickApplication) {
    app.logger.info('app ready', { env: app.getEnv(), routes: app.routes.length });
  }
}
