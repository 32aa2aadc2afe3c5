// Midway 4 on Koa, started as a Midway app is in production: bootstrap with the app's folder, which its
// configuration's file detector scans for controllers and services.
import { Bootstrap } from '@midwayjs/bootstrap';
import { join } from 'node:path';

Bootstrap.configure({ baseDir: join(__dirname, 'src'), appDir: __dirname }).run();
