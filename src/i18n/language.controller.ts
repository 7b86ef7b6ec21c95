import {
  Controller,
  Get,
  HttpStatus,
  Param,
  Query,
  Redirect,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../auth/decorators/public.decorator.js';
import { localPath } from '../common/local-path.js';
import {
  LanguageLinkParams,
  LanguageLinkQuery,
} from './dto/language-link.dto.js';
import { I18nService } from './i18n.service.js';

/** Fetches a browser sends on its own for a page of this site (a click, a typed address). */
const SAME_SITE_FETCHES = new Set(['same-origin', 'none']);

/**
 * The language switch of the pages that carry no form: error pages set no
 * cookie, so they cannot hold the CSRF-protected form of the others
 * (POST /course/language). A link here keeps the choice (cookie, and session
 * when it holds one) and leads back. Only a language preference changes, and
 * only for a request the browser says comes from this site.
 */
@Controller('language')
@Public()
export class LanguageController {
  constructor(private readonly i18n: I18nService) {}

  @Get(':lang')
  @Redirect()
  switchLanguage(
    @Param() { lang }: LanguageLinkParams,
    @Query() { next }: LanguageLinkQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const site = req.get('sec-fetch-site');
    if (site === undefined || SAME_SITE_FETCHES.has(site))
      this.i18n.remember(req, res, lang);
    return { url: localPath(next) ?? '/', statusCode: HttpStatus.SEE_OTHER };
  }
}
