/**
 * `wick invoke --url --platform aliyun` names the adapter in the Lambda client context (the caller's data an
 * Invoke request may carry) and `wick dev` reads it there; without it, the event is an AWS one, as in the host.
 */
export function platformClientContext(platform: string): string {
  return Buffer.from(JSON.stringify({ custom: { wickPlatform: platform } })).toString('base64');
}

export function platformOf(clientContext: string | undefined): string {
  if (!clientContext) return 'aws';
  try {
    return JSON.parse(Buffer.from(clientContext, 'base64').toString('utf8'))?.custom?.wickPlatform ?? 'aws';
  } catch {
    return 'aws';
  }
}
