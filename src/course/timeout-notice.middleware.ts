import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { TimeoutDemoService } from './timeout-demo.service.js';

/** Every request, after the session is loaded: the timeout demo's "Your session has expired". */
@Injectable()
export class TimeoutNoticeMiddleware implements NestMiddleware {
  constructor(private readonly demo: TimeoutDemoService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.demo.noticeExpiry(req, res);
    next();
  }
}
