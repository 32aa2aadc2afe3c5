/**
 * `wick invoke --url --platform aliyun` names the adapter in the Lambda client context (the caller's data an
 * Invoke request may carry) and `wick dev` reads it there; without it, the event is an AWS one, as in the host.
 */
export function platformClientContext(platform: string): string {
  return Buffer.from(JSON.stringify({ custom: { wickPlatform: platform } })).toString('base64');
}

/** An Invoke request's ClientContext (base64 JSON), as Lambda hands it to the function: parsed, or undefined. */
export function decodeClientContext(clientContext: string | undefined): Record<string, any> | undefined {
  if (!clientContext) return undefined;
  try {
    const value = JSON.parse(Buffer.from(clientContext, 'base64').toString('utf8'));
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function platformOf(clientContext: Record<string, any> | undefined): string {
  return clientContext?.custom?.wickPlatform ?? 'aws';
}
