// Real platform payloads for the artifact probes: an API Gateway HTTP API (payload 2.0) event from
// test/fixtures/events/aws/, its method, path, query and body set to the route's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './versions.mjs';

const FIXTURE = join(ROOT, 'test/fixtures/events/aws/apigw-v2-put-json-body.json');

export function apiGatewayV2Event(route) {
  const event = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const [path, query = ''] = route.path.split('?');
  event.routeKey = '$default';
  event.requestContext.routeKey = '$default';
  event.rawPath = path;
  event.rawQueryString = query;
  event.requestContext.http.method = route.method;
  event.requestContext.http.path = path;
  delete event.pathParameters;
  if (query) event.queryStringParameters = Object.fromEntries(new URLSearchParams(query));
  delete event.headers.contentlength;
  if (route.body) {
    event.body = route.body;
    event.headers['content-length'] = String(Buffer.byteLength(route.body));
  } else {
    delete event.body;
    delete event.headers['content-type'];
    delete event.headers['content-length'];
  }
  return event;
}
