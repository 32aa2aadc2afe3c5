import 'reflect-metadata';

export { Provide, Inject, Scope, ScopeEnum, Init, Destroy, Config, CONTEXT_ID } from './decorators/provide.js';
export { App, Logger } from './decorators/provide.js';
export {
  Controller, Get, Post, Put, Patch, Del, Head, Options, All,
  Query, Param, Body, Headers, HttpCode, SetHeader, ContentType, Redirect,
} from './decorators/web.js';
export type { MiddlewareRef, ControllerOptions, RouteOptions, HttpMethod } from './decorators/web.js';
export { Queries, Session, Files, Fields, RequestPath, RequestIP, ALL, createRequestParamDecorator } from './decorators/web.js';
export type { RequestParamGetter } from './decorators/web.js';
export { Pipe } from './decorators/pipe.js';
export type { PipeTransform, PipeUnionTransform, TransformOptions } from './decorators/pipe.js';
export { ParsePipe, ParseIntPipe, ParseFloatPipe, ParseBoolPipe, DefaultValuePipe } from './http/builtin-pipes.js';
export { pipeArguments } from './http/pipes.js';
export type { UploadFileInfo } from './http/context.js';
export type { MultipartConfig, MultipartLimits } from './http/multipart.js';
export type { SessionConfig } from './middleware/session-config.js';
export { composeArgumentCompilers } from './http/route.js';
export type { ArgumentCompiler, ArgumentCompilerFactory } from './http/route.js';
export { Middleware, Guard, Catch, UseGuard, UseFilter } from './decorators/middleware.js';
export { Match } from './decorators/middleware.js';
export type { CatchOptions } from './decorators/middleware.js';
export type { IMiddleware } from './middleware/resolve.js';
export type { PathMatcher, MatchPattern } from './decorators/middleware.js';
export type { NextFunction } from './middleware/resolve.js';
export type { CanActivate } from './http/guards.js';
export type { ExceptionFilter } from './middleware/filters.js';
export type { ResultFilter, IFilter } from './middleware/filters.js';
export type { ValidationDetail } from './validation/dto.js';
export type { BuiltinMiddlewareConfig } from './middleware/pipeline.js';
export type { BodyParserOptions } from './middleware/body-parser.js';
export { ServerlessTrigger, ServerlessFunction, ServerlessTriggerType } from './decorators/serverless.js';
export type {
  FunctionSettings, HttpTriggerOptions, TimerTriggerOptions, ObjectStorageTriggerOptions, MessageQueueTriggerOptions, TriggerMetadata,
  Destinations, DestinationTarget,
} from './decorators/serverless.js';
export type {
  WickHttpRequest, WickHttpResponse, WickEvent, HeaderValue, TimerEvent, TimerEventData, ObjectStorageEvent, ObjectStorageEventData,
  ObjectStorageRecord, MessageEvent, MessageEventData, InvocationOrigin,
} from './functions/model.js';
export type { EventContext, EventMiddleware } from './functions/events.js';
export type { FunctionDefinition } from './functions/registry.js';
export type { ResolvedSettings } from './functions/settings.js';
export { DEFAULT_SETTINGS } from './functions/settings.js';
export { FunctionRuntime, FunctionNotFoundError } from './functions/runtime.js';
export { Configuration } from './decorators/configuration.js';
export type { ConfigurationOptions } from './decorators/configuration.js';
export type { ComponentInfo, ImportedComponent } from './decorators/configuration.js';
export {
  HttpError, BadRequestError, UnauthorizedError, ForbiddenError, NotFoundError, MethodNotAllowedError, ConflictError,
  PayloadTooLargeError, UnsupportedMediaTypeError, UnprocessableEntityError, TooManyRequestsError, InternalServerError,
} from './errors/http-errors.js';
export {
  MidwayError, MidwayHttpError, httpError, HttpStatus, NotAcceptableError, RequestTimeoutError, GoneError, NotImplementedError,
  BadGatewayError, ServiceUnavailableError, GatewayTimeoutError,
} from './errors/http-errors.js';
export type { ResOrMessage } from './errors/http-errors.js';
export { DependencyError } from './container/graph.js';
export { WickApplication } from './app/application.js';
export type { LifecycleHooks, AppSources } from './app/application.js';
export { createApplication } from './app/create.js';
export type { CreateAppOptions } from './app/create.js';
export { createApplicationFromModules } from './app/from-modules.js';
export type { ModulesAppOptions } from './app/from-modules.js';
export type { Context, Next, KoaMiddleware } from './http/context.js';
export type { AppConfig } from './config/load.js';
export type { Logger as ILogger, LogLevel, LogMethod } from './logging/logger.js';
export { createServerLogger } from './app/server-logger.js';
export type { ServerLoggerOptions } from './app/server-logger.js';
export type {
  Application, IMidwayApplication, IMidwayContainer, IMidwayContext, ILifeCycle, IGuard, Framework, MidwayConfig, MidwayAppInfo,
  IMidwayKoaApplication, IMidwayKoaContext, IMidwayKoaNext, FaaSContext,
} from './app/midway-types.js';
export { startServer } from '../adapters/koa-server/index.js';
export type { KoaServerConfig, RunningServer, ServerLimits, ServerOptions } from '../adapters/koa-server/index.js';
