import { Body, Controller, Get, Injectable, Module, NotFoundException, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { CreateUserDto } from '../shared/create-user.dto';
import { UserStore } from '../shared/user-store';

@Injectable()
export class UserService extends UserStore {}

@Controller('hello')
export class HelloController {
  @Get()
  hello(@Query('name') name?: string) {
    return { message: `hello ${name ?? 'world'}` };
  }
}

@Controller('users')
export class UserController {
  constructor(private readonly userService: UserService) {}

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number) {
    const user = this.userService.find(id);
    if (!user) throw new NotFoundException(`user ${id} not found`);
    return user;
  }

  @Post()
  create(@Body() user: CreateUserDto) {
    return this.userService.create(user);
  }
}

@Module({ controllers: [HelloController, UserController], providers: [UserService] })
export class AppModule {}
