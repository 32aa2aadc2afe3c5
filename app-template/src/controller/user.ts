import { Body, Controller, Del, Get, HttpCode, Inject, Param, Post, UseGuard } from 'wick';
import { UserService } from '../service/user.js';
import { CreateUserDto } from '../dto/user.js';
import { AuthGuard } from '../guard/auth.js';

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
  create(@Body() user: CreateUserDto) {
    return this.userService.create(user);
  }

  @Del('/:id')
  @UseGuard(AuthGuard)
  remove(@Param('id') id: number) {
    this.userService.remove(id);
  }
}
