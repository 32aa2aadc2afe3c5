import { CommonJSFileDetector, Configuration } from '@midwayjs/core';
import * as koa from '@midwayjs/koa';
import { HOST, PORT } from '../../shared/listen';

@Configuration({
  imports: [koa],
  importConfigs: [{ default: { keys: 'wick-bench', koa: { port: PORT, hostname: HOST }, midwayLogger: { default: { level: 'warn' } } } }],
  detector: new CommonJSFileDetector(),
})
export class MainConfiguration {}
