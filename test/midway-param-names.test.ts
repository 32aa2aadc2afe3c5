import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { close, createApp, createHttpRequest } from 'wick/testing';
import { CLI, fixtureApp } from './helpers/paths.js';
import { runCli, type CliProcess } from './helpers/process.js';

const running: CliProcess[] = [];
afterEach(() => {
  running.splice(0).forEach(({ child }) => child.exitCode === null && child.kill('SIGKILL'));
});

describe('@Param names are checked against the route path at boot', () => {
  it('wick start fails with the class, method, parameter and path of a @Param the path lacks', async () => {
    const cli = runCli(['start', fixtureApp('bad-param'), '--build', '--port', '0'], { WICK_ENV: 'prod' });
    running.push(cli);
    expect(await cli.exited).not.toBe(0);
    expect(cli.output()).toContain(
      `BookController.get parameter 0 (route parameter "bookId"): @Param('bookId') is not in the route path /books/:id`,
    );
  });

  it('wick build fails on it too, before bundling anything', () => {
    const out = mkdtempSync(join(tmpdir(), 'wick-bad-param-'));
    try {
      const result = spawnSync(process.execPath, [CLI, 'build', fixtureApp('bad-param'), '--platform', 'aws', '--out', out], { encoding: 'utf8' });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`BookController.get parameter 0 (route parameter "bookId"): @Param('bookId') is not in the route path /books/:id`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('checks HTTP triggers too', async () => {
    await expect(createApp(fixtureApp('bad-param-trigger'))).rejects.toThrow(
      `OrderFunction.handle parameter 0 (route parameter "id"): @Param('id') is not in the route path /orders/:orderId`,
    );
  });

  it('checks @All routes, with the controller prefix in the path', async () => {
    await expect(createApp(fixtureApp('bad-param-all'))).rejects.toThrow(
      `ThingController.any parameter 1 (route parameter "part"): @Param('part') is not in the route path /things/:thingId/parts/:partId`,
    );
  });

  it('accepts names from the prefix and the route alike', async () => {
    const app = await createApp(fixtureApp('midway-params'));
    try {
      const res = await createHttpRequest(app).get('/users/u1/posts/7');
      expect(res.body).toEqual({ userId: 'u1', postId: 7, all: { userId: 'u1', postId: '7' } });
    } finally {
      await close(app);
    }
  });
});
