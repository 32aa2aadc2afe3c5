/*
 * The identifiers Lambda writes, in their documented formats: what a local call (wick invoke, wick host) stands in
 * with, so every local ARN and trace id reads like a deployed one.
 */

/** The account and region every local ARN and event names. */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_REGION = 'local';

/** `arn:aws:lambda:<region>:<account>:function:<name>`, the invoked-function ARN. */
export function functionArn(name: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${name}`;
}

/** The name and qualifier (`$LATEST`, a version or alias) of a function ARN in any region and account, else undefined. */
export function parseFunctionArn(text: string): { name: string; qualifier?: string } | undefined {
  const arn = /^arn:aws:lambda:[^:]*:[^:]*:function:([^:]+)(?::(.+))?$/.exec(text);
  return arn ? { name: arn[1], qualifier: arn[2] } : undefined;
}

/**
 * An X-Ray trace header: `Root=1-<epoch seconds, 8 hex digits>-<24 hex digits>`, then `;Parent=<16 hex>;Sampled=0`
 * when the caller opened a segment of its own (the Runtime API's trace id), none for the one API Gateway adds.
 */
export function traceHeader(id: string, now: Date, parent?: string): string {
  const time = Math.floor(now.getTime() / 1000).toString(16).padStart(8, '0');
  const root = `Root=1-${time}-${id}`;
  return parent === undefined ? root : `${root};Parent=${parent};Sampled=0`;
}
