import { Body, Controller, Del, Get, HttpCode, Inject, Param, Post } from 'wick';
import { UserService, type NewUser } from '../service/user.js';

@Controller('/users')
export class UserController {
  @Inject()
  userService!: UserService;

  @Get('/')
  list() {
    return this.userService.list();
  }

  @Get('/:id')
  get(@Param('id') id: number) {
    return this.userService.get(id);
  }

  @Post('/')
  @HttpCode(201)
  create(@Body() body: NewUser) {
    return this.userService.create(body);
  }

  @Del('/:id')
  remove(@Param('id') id: number) {
    this.userService.remove(id);
  }
}
