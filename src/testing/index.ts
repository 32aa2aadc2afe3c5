import supertest from 'supertest';
import { createApplication, type CreateAppOptions, type WickApplication } from '../app/application.js';

/** Boots the app in `dir` (default: the current directory) from its TypeScript sources. */
export function createApp(dir?: string, options: Omit<CreateAppOptions, 'appDir'> = {}): Promise<WickApplication> {
  return createApplication({ ...options, appDir: dir });
}

/** A supertest agent over real HTTP on an ephemeral port. */
export function createHttpRequest(app: WickApplication) {
  return supertest(app.callback());
}

export function close(app: WickApplication | undefined): Promise<void> {
  return app ? app.close() : Promise.resolve();
}
