// The limit: a plain Koa app with @koa/router, the service handed to the routes by hand, and the body validated with
// class-validator as Wick, Midway and NestJS do it (plainToInstance, then validate).
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import Koa from 'koa';
import { CreateUserDto } from '../shared/create-user.dto';
import { HOST, PORT } from '../shared/listen';
import { UserStore } from '../shared/user-store';

function routes(users: UserStore): Router {
  const router = new Router();
  router.get('/hello', (ctx) => {
    ctx.body = { message: `hello ${ctx.query.name ?? 'world'}` };
  });
  router.get('/users/:id', (ctx) => {
    const user = users.find(Number(ctx.params.id));
    if (!user) ctx.throw(404, `user ${ctx.params.id} not found`);
    ctx.body = user;
  });
  router.post('/users', async (ctx) => {
    const input = plainToInstance(CreateUserDto, ctx.request.body);
    const errors = await validate(input);
    if (errors.length) {
      ctx.status = 400;
      ctx.body = { message: 'validation failed', errors: errors.map((error) => error.constraints) };
      return;
    }
    ctx.status = 201;
    ctx.body = users.create(input);
  });
  return router;
}

const app = new Koa();
const router = routes(new UserStore());
app.use(bodyParser()).use(router.routes()).use(router.allowedMethods());
app.listen(PORT, HOST);
