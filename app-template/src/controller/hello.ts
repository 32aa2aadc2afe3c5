import { Controller, Get, Query } from 'wick';

@Controller('/hello')
export class HelloController {
  @Get('/')
  hello(@Query('name') name?: string) {
    return { message: `hello ${name ?? 'world'}` };
  }
}
