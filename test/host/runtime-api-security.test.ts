import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { alive, useHost } from './helpers.js';

const host = useHost('host-guard');

/** An Invoke API call with the headers given, answered as the AWS SDK would read it. */
async function invoke(name: string, payload: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${host.url}/2015-03-31/functions/${name}/invocations`, { method: 'POST', headers, body: JSON.stringify(payload) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('wick host: the client context of an Invoke', () => {
  it('answers a client context that is not base64 JSON with 400 InvalidRequestContentException, and keeps serving', async () => {
    const warm = await invoke('whoami', {});
    expect(warm.status).toBe(200);
    for (const clientContext of ['Cg==', base64('{"a":1}\r\nX-Injected: yes'), base64('not json'), base64('[1,2]'), '%%%not base64%%%']) {
      const refused = await invoke('whoami', {}, { 'x-amz-client-context': clientContext });
      expect(refused.status, clientContext).toBe(400);
      expect(refused.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
      expect(refused.body.Message).toMatch(/client context/i);
    }
    const tooBig = await invoke('whoami', {}, { 'x-amz-client-context': base64(JSON.stringify({ custom: { filler: 'x'.repeat(3000) } })) });
    expect(tooBig.status).toBe(400);
    const after = await invoke('whoami', {});
    expect(after).toMatchObject({ status: 200, body: { pid: warm.body.pid } });
    expect(alive(warm.body.pid)).toBe(true);
  });

  it('hands a client context with line breaks and non-ASCII text to the function intact', async () => {
    const clientContext = { custom: { note: 'première ligne\nsecond line 第二', emoji: '🦆' }, env: { platform: 'node' } };
    const result = await invoke('whoami', {}, { 'x-amz-client-context': base64(JSON.stringify(clientContext, null, 2)) });
    expect(result.status).toBe(200);
    expect(result.body.clientContext).toEqual(clientContext);
  });
});

/**
 * Another local process, which read the instance's AWS_LAMBDA_RUNTIME_API (its environment is readable by the same
 * user): it polls `next`, and would answer what it receives with a forged response.
 */
function intruder(api: string) {
  const script = `
    const [host, port] = process.argv[1].split(':');
    const net = require('node:net');
    const seen = [];
    const socket = net.connect(Number(port), host, () => {
      socket.write('GET /2018-06-01/runtime/invocation/next HTTP/1.1\\r\\nHost: ' + process.argv[1] + '\\r\\n\\r\\n');
      console.log('polling');
    });
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\\r\\n\\r\\n');
      if (end < 0) return;
      const head = buffered.slice(0, end);
      const id = /lambda-runtime-aws-request-id: (\\S+)/i.exec(head);
      seen.push(buffered);
      if (id) {
        const forged = net.connect(Number(port), host, () => forged.end('POST /2018-06-01/runtime/invocation/' + id[1] + '/response HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 15\\r\\n\\r\\n{"forged":true}'));
        forged.on('data', () => {});
      }
      console.log('status ' + head.split('\\r\\n')[0]);
      console.log(JSON.stringify({ answer: buffered }));
      buffered = '';
    });
    socket.on('close', () => console.log('closed'));
    socket.on('error', (err) => console.log('error ' + err.message));
    setTimeout(() => process.exit(0), 4000);
  `;
  const child = spawn(process.execPath, ['-e', script, api], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const waitFor = async (text: string) => {
    while (!output.includes(text)) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  return { output: () => output, waitFor, exited, stop: () => child.kill('SIGKILL') };
}

describe("wick host: only the instance speaks to its Runtime API", () => {
  it('refuses another local process polling the Runtime API, which never sees a request, while the instance keeps answering', async () => {
    const { body: first } = await invoke('whoami', {});
    const other = intruder(first.api);
    try {
      await other.waitFor('polling');
      // Two invocations: the second is the one the intruder's poll would be next in line for.
      const secret = { authorization: 'Bearer the-token-of-a-user', cookie: 'session=abc' };
      const answers = [await invoke('whoami', secret), await invoke('whoami', secret)];
      for (const answer of answers) expect(answer).toMatchObject({ status: 200, body: { pid: first.pid, received: secret } });
      await other.waitFor('closed');
      expect(other.output()).toMatch(/^status HTTP\/1\.1 403 /m);
      expect(other.output()).not.toContain('the-token-of-a-user');
      expect(other.output()).not.toMatch(/lambda-runtime-aws-request-id/i);
    } finally {
      other.stop();
      await other.exited;
    }
  });

  it("admits the instance's own child processes (a custom bootstrap may run its runtime as one)", async () => {
    const result = await invoke('childAsks', {});
    expect(result).toMatchObject({ status: 200, body: { answer: 'HTTP/1.1 400 Bad Request' } });
  });
});
