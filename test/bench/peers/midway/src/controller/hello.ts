import { Controller, Get, Query } from '@midwayjs/core';

// Midway's parameter decorators are applied by an async aspect, which runs before the method only when it is async.
@Controller('/hello')
export class HelloController {
  @Get('/')
  async hello(@Query('name') name?: string) {
    return { message: `hello ${name ?? 'world'}` };
  }
}
