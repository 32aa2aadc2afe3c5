import { describe, expect, it } from 'vitest';
import { createApp } from 'wick/testing';
import { DependencyError } from 'wick';
import { fixtureApp } from './helpers/paths.js';

describe('startup errors', () => {
  it('names the class and property of a missing provider', async () => {
    const failure = createApp(fixtureApp('missing-provider'));
    await expect(failure).rejects.toThrow(DependencyError);
    await expect(failure).rejects.toThrow(
      'CheckoutService: property gateway needs PaymentGateway, but no provider is registered for it (is PaymentGateway decorated with @Provide() and inside src/?)',
    );
  });

  it('refuses to inject the request context into a singleton', async () => {
    await expect(createApp(fixtureApp('ctx-singleton'))).rejects.toThrow(
      'SessionCache is a singleton but injects the request context (SessionCache.property ctx)',
    );
  });

  it('refuses a singleton that reaches the request context through a request-scoped dependency', async () => {
    await expect(createApp(fixtureApp('ctx-singleton-indirect'))).rejects.toThrow(
      'Reporter is a singleton but injects the request context (Reporter.property currentUser -> CurrentUser.property ctx)',
    );
  });

  it('names the cycle of a circular dependency', async () => {
    await expect(createApp(fixtureApp('circular'))).rejects.toThrow(
      'circular dependency: Orders.property invoices -> Invoices.property orders -> Orders',
    );
  });

  it('fails clearly when the app folder has no sources', async () => {
    await expect(createApp(fixtureApp('does-not-exist'))).rejects.toThrow(/no source folder at .*does-not-exist\/src/);
  });
});
