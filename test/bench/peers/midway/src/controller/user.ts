import { Body, Controller, Get, HttpCode, httpError, Inject, Param, Post } from '@midwayjs/core';
import { CreateUserDto } from '../../../shared/create-user.dto';
import { ClassValidatorPipe } from '../pipe/class-validator';
import { UserService } from '../service/user';

@Controller('/users')
export class UserController {
  @Inject()
  userService: UserService;

  @Get('/:id')
  async get(@Param('id') id: number) {
    const user = this.userService.find(Number(id));
    if (!user) throw new httpError.NotFoundError(`user ${id} not found`);
    return user;
  }

  @Post('/')
  @HttpCode(201)
  async create(@Body([ClassValidatorPipe]) user: CreateUserDto) {
    return this.userService.create(user);
  }
}
