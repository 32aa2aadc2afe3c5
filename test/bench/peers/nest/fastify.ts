// NestJS on Fastify, as a Nest app is started in production: global ValidationPipe (class-validator), no request logs.
import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { HOST, PORT } from '../shared/listen';
import { AppModule } from './app.module';

async function main() {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: ['error', 'warn'] });
  app.useGlobalPipes(new ValidationPipe({ transform: true }));
  await app.listen(PORT, HOST);
}
main();
