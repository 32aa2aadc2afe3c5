import { type HeaderValue, type WickHttpResponse } from '../../src/functions/model.js';
import { isObject, nestedString, nonEmptyString, objectField, stringField, stringMap, type Fields } from '../common/errors.js';
import { HttpEventProcessor, processorFor } from '../common/request.js';
import { toApiGatewayResult, toHttpTriggerResult } from './response.js';
import { type AliyunHttpResult } from './types.js';

/**
 * FC 3.0 HTTP trigger: `version`, `rawPath`, `requestContext.http`; no top-level method or path. Go's net/http
 * moves Host out of the header map, so Host is the trigger's `requestContext.domainName` (the base class reads it).
 */
class HttpTriggerProcessor extends HttpEventProcessor<AliyunHttpResult> {
  readonly shape = 'FC 3.0 HTTP trigger';

  matches(event: Fields): boolean {
    return 'rawPath' in event || (isObject(event.requestContext) && 'http' in event.requestContext);
  }

  toResult(response: WickHttpResponse): AliyunHttpResult {
    return toHttpTriggerResult(response);
  }

  private http(event: Fields): Fields {
    return objectField(objectField(event, 'requestContext', 'requestContext', true), 'http', 'requestContext.http', true);
  }

  protected override method(event: Fields): string {
    return nestedString(this.http(event).method, 'requestContext.http.method')!;
  }

  /** `rawPath` is the encoded path; `requestContext.http.path` is decoded and would lose an encoded `/`. */
  protected override path(event: Fields): string {
    return stringField(event, 'rawPath')!;
  }

  /**
   * FC joins a repeated key's values with commas (`a=1&a=2` arrives as `"1,2"`), so a comma-joined value is
   * split back into a list. A literal comma in one value (`a=1%2C2`) arrives the same way and is split too:
   * the platform does not keep the difference.
   */
  protected query(event: Fields): Record<string, HeaderValue> {
    const query = Object.entries(stringMap(event, 'queryParameters'));
    return Object.fromEntries(query.map(([name, value]) => [name, typeof value === 'string' && value.includes(',') ? value.split(',') : value]));
  }

  protected override remoteAddress(event: Fields): string | undefined {
    return nonEmptyString(this.http(event).sourceIp);
  }
}

/** API Gateway trigger in front of an event function: top-level `httpMethod`, `path`, `queryParameters`. */
class ApiGatewayProcessor extends HttpEventProcessor<AliyunHttpResult> {
  readonly shape = 'API Gateway';

  matches(event: Fields): boolean {
    return 'httpMethod' in event || ('path' in event && 'headers' in event);
  }

  toResult(response: WickHttpResponse): AliyunHttpResult {
    return toApiGatewayResult(response);
  }

  /** Values as the gateway gives them; a list is kept as a repeated key. */
  protected query(event: Fields): Record<string, HeaderValue> {
    return stringMap(event, 'queryParameters');
  }
}

export type HttpProcessor = HttpEventProcessor<AliyunHttpResult>;

const PROCESSORS: HttpProcessor[] = [new HttpTriggerProcessor(), new ApiGatewayProcessor()];

/** The processor for an HTTP-shaped event, or undefined when the event is not an HTTP event at all. */
export function httpProcessorFor(event: unknown): HttpProcessor | undefined {
  return processorFor(PROCESSORS, event);
}
